package mlproject

import (
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// The expected values in this file were printed by CPython 3.11 and
// PyYAML 6.0 (shlex.quote, repr, ascii, str.format, str(yaml.safe_load(...))).

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
