package mlproject

import (
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// The expected values in this file were printed by CPython 3.11 and
// PyYAML 6.0 (shlex.quote, repr, ascii, str.format, str(yaml.safe_load(...))).

// Keyword values as MLflow passes them: already shell-quoted.
var formatValues = map[string]string{"a": "'x y'", "b": "3", "l1-ratio": "0.1", "é": `'it'"'"'s'`}

func TestPyFormat(t *testing.T) {
	for _, c := range []struct{ template, want, err string }{
		{"{a}", "'x y'", ""},
		{"{{a}}", "{a}", ""},
		{"{a}{b}", "'x y'3", ""},
		{"{l1-ratio}", "0.1", ""},
		{"{a:>8}", "   'x y'", ""},
		{"{a:*^9}", "**'x y'**", ""},
		{"{a:.2}", "'x", ""},
		{"{a:05}", "'x y'", ""},
		{"{b:<3}|", "3  |", ""},
		{"{a:{b}}", "'x y'", ""},
		{"{a!s}", "'x y'", ""},
		{"{a!r}", "\"'x y'\"", ""},
		{"{a!a}", "\"'x y'\"", ""},
		{"{é!r}", "'\\'it\\'\"\\'\"\\'s\\''", ""},
		{"{a[0]}", "'", ""},
		{"{a[1]}", "x", ""},
		{"{a}}}", "'x y'}", ""},
		{"{{{a}}}", "{'x y'}", ""},
		{"{a:٣}", "'x y'", ""},
		{"{a:x<٣}", "'x y'", ""},
		{"{a.b}", "", "AttributeError: 'str' object has no attribute 'b'"},
		{"{c}", "", "KeyError: 'c'"},
		{"{}", "", "IndexError: Replacement index 0 out of range for positional args tuple"},
		{"{0}", "", "IndexError: Replacement index 0 out of range for positional args tuple"},
		{"{a[x]}", "", "TypeError: string indices must be integers, not 'str'"},
		{"{a[99]}", "", "IndexError: string index out of range"},
		{"{a!z}", "", "ValueError: Unknown conversion specifier z"},
		{"{a:+}", "", "ValueError: Sign not allowed in string format specifier"},
		{"{a:=5}", "", "ValueError: '=' alignment not allowed in string format specifier"},
		{"{a:,}", "", "ValueError: Cannot specify ',' with 's'."},
		{"{a:#}", "", "ValueError: Alternate form (#) not allowed in string format specifier"},
		{"{a:z}", "", "ValueError: Negative zero coercion (z) not allowed in string format specifier"},
		{"{a:ss}", "", "ValueError: Invalid format specifier 'ss' for object of type 'str'"},
		{"{a:b}", "", "ValueError: Unknown format code 'b' for object of type 'str'"},
		{"{a:{b:{a}}}", "", "ValueError: Max string recursion exceeded"},
		{"}", "", "ValueError: Single '}' encountered in format string"},
		{"{", "", "ValueError: Single '{' encountered in format string"},
		{"{a", "", "ValueError: expected '}' before end of string"},
		{"{a!", "", "ValueError: end of string while looking for conversion specifier"},
		{"{a!r", "", "ValueError: unmatched '{' in format spec"},
		{"{a!rr}", "", "ValueError: expected ':' after conversion specifier"},
		{"{a[}", "", "ValueError: expected '}' before end of string"},
		{"{a[0]x}", "", "ValueError: Only '.' or '[' may follow ']' in format field specifier"},
		{"{a.}", "", "ValueError: Empty attribute in format string"},
		{"{a[]}", "", "ValueError: Empty attribute in format string"},
		{"{a{}", "", "ValueError: unexpected '{' in field name"},
		{"{ a}", "", "KeyError: ' a'"},
		{"x}y", "", "ValueError: Single '}' encountered in format string"},
		{"{a:.}", "", "ValueError: Format specifier missing precision"},
		{"{99999999999999999999}", "", "ValueError: Too many decimal digits in format string"},
	} {
		got, err := pyFormat(c.template, formatValues)
		switch {
		case c.err == "AttributeError: 'str' object has no attribute 'b'":
			if fe, ok := err.(*FormatError); !ok || fe.Kind != "Unsupported" {
				t.Errorf("%q: got (%q, %v), want kfc to refuse attribute access", c.template, got, err)
			}
		case c.err != "":
			if err == nil || err.Error() != c.err {
				t.Errorf("%q: got (%q, %v), want error %s", c.template, got, err, c.err)
			}
		case err != nil || got != c.want:
			t.Errorf("%q: got (%q, %v), want %q", c.template, got, err, c.want)
		}
	}
}

func TestPyFormatRefusesHugeWidths(t *testing.T) {
	if _, err := pyFormat("{a:999999999}", formatValues); err == nil {
		t.Fatal("want an error instead of a gigabyte of padding")
	}
}

func TestPyStr(t *testing.T) {
	for _, c := range []struct{ yaml, want string }{
		{"1e-1", "1e-1"},
		{"1e5", "1e5"},
		{"1.0e+5", "100000.0"},
		{"0.00001", "1e-05"},
		{".0", "0.0"},
		{"0x1F", "31"},
		{"010", "8"},
		{"1:30", "90"},
		{"1:30.5", "90.5"},
		{"yes", "True"},
		{"on", "True"},
		{"no", "False"},
		{"off", "False"},
		{"~", "None"},
		{"1_000", "1000"},
		{"0b101", "5"},
		{"-0x1f", "-31"},
		{"09", "09"},
		{"1.", "1.0"},
		{"-.inf", "-inf"},
		{".NaN", "nan"},
		{"123456789012345678901234567890", "123456789012345678901234567890"},
		{"2001-12-14", "2001-12-14"},
		{"2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.100000-05:00"},
		{"2001-12-14 21:59:43.10", "2001-12-14 21:59:43.100000"},
		{"2001-12-14T21:59:43Z", "2001-12-14 21:59:43+00:00"},
		{"2001-1-4 1:59:43+5", "2001-01-04 01:59:43+05:00"},
		{"[1, a, 1e-1, 2.5, yes, ~, '']", "[1, 'a', '1e-1', 2.5, True, None, '']"},
		{"{a: 1, b: [x]}", "{'a': 1, 'b': ['x']}"},
		{"[2001-12-14, 2001-12-14 21:59:43.10-05:00, 2001-12-14T01:02:00Z]", "[datetime.date(2001, 12, 14), datetime.datetime(2001, 12, 14, 21, 59, 43, 100000, tzinfo=datetime.timezone(datetime.timedelta(days=-1, seconds=68400))), datetime.datetime(2001, 12, 14, 1, 2, tzinfo=datetime.timezone.utc)]"},
		{"\"it's\"", "it's"},
		{"'1e5'", "1e5"},
		{"-0.0", "-0.0"},
		{"6.02e+23", "6.02e+23"},
		{"1e400", "1e400"},
		{"\"a\\tb\"", "a\tb"},
		{"hello world", "hello world"},
	} {
		var dl diag.List
		root := tree.ParseDialect("x.yml", []byte("d: "+c.yaml+"\n"), tree.PyYAML, &dl)
		got, err := PyStr(root.Get("d"))
		if err != nil || got != c.want {
			t.Errorf("str(%s) = (%q, %v), want %q", c.yaml, got, err, c.want)
		}
	}
}

func TestPyStrRefusesWhatPyYAMLCannotLoad(t *testing.T) {
	for _, y := range []string{"0x_", "0b_", "2001-02-30", "2001-13-01", "2001-12-14 24:00:00", "2001-12-14 1:00:00 +24"} {
		var dl diag.List
		root := tree.ParseDialect("x.yml", []byte("d: "+y+"\n"), tree.PyYAML, &dl)
		if got, err := PyStr(root.Get("d")); err == nil {
			t.Errorf("str(%s) = %q, want an error (PyYAML raises ValueError)", y, got)
		}
	}
}
