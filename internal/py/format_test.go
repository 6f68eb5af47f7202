package py

import "testing"

// Expected values were printed by CPython 3.11 (str.format).

// Keyword values as MLflow passes them: already shell-quoted.
var formatValues = map[string]string{"a": "'x y'", "b": "3", "l1-ratio": "0.1", "é": `'it'"'"'s'`}

func TestFormat(t *testing.T) {
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
		got, err := Format(c.template, formatValues)
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

func TestFormatRefusesHugeWidths(t *testing.T) {
	if _, err := Format("{a:999999999}", formatValues); err == nil {
		t.Fatal("want an error instead of a gigabyte of padding")
	}
}
