package tree

import (
	"strings"
	"testing"
)

// Integers beyond int64 stay exact ints, as Python's are: the expected
// texts are what python3 -c "import yaml; print(yaml.safe_load('v: X')['v'])"
// prints (PyYAML 6.0, and OmegaConf 2.2 types them all as int).
func TestBigIntsStayExact(t *testing.T) {
	cases := []struct{ src, str string }{
		{"123456789012345678901234567890", "123456789012345678901234567890"},
		{"9223372036854775807", "9223372036854775807"},
		{"9223372036854775808", "9223372036854775808"},
		{"-9223372036854775809", "-9223372036854775809"},
		{"-123456789012345678901234567890", "-123456789012345678901234567890"},
		{"+123456789012345678901234567890", "123456789012345678901234567890"},
		{"0x123456789abcdef0123", "5373003642731685151011"},
		{"-0x_1F", "-31"},
		{"01234567012345670123456701234567", "1616895878810725189668911479"},
		{"0b" + strings.Repeat("1", 70), "1180591620717411303423"},
		{"1_000", "1000"}, {"+1_000", "1000"}, {"-0", "0"}, {"+0", "0"}, {"00", "0"}, {"1__0", "10"},
		{"1" + strings.Repeat("0", 300), "1" + strings.Repeat("0", 300)},
		{"1" + strings.Repeat("0", 4299), "1" + strings.Repeat("0", 4299)},
		{"153722867280912930:7", "9223372036854775807"},
		{"153722867280912930:8", "9223372036854775808"},
		{"99999999999999999999:30", "5999999999999999999970"}, // a sexagesimal first part beyond 64 bits
	}
	for _, dialect := range []Dialect{OmegaConf, PyYAML} {
		for _, c := range cases {
			n := ResolveScalar(c.src, dialect)
			if n.Kind != Int || n.Str() != c.str {
				t.Errorf("%.40s: got %v %.60s, want int %.60s", c.src, n.Kind, n.Str(), c.str)
			}
			if got := string(n.JSON("")); got != c.str {
				t.Errorf("%.40s: JSON %.60s", c.src, got)
			}
			if got := strings.TrimSpace(string(n.YAML())); got != c.str {
				t.Errorf("%.40s: YAML %.60s", c.src, got)
			}
		}
	}
	// Not ints for PyYAML either: 0o is YAML 1.2, and 8 or 9 makes an octal a string.
	for _, s := range []string{"0o17", "0b", "012345678901234567890123"} {
		if n := ResolveScalar(s, OmegaConf); n.Kind != String {
			t.Errorf("%s: got %v, want a string", s, n.Kind)
		}
	}
}

// Python 3.11+ refuses int() of a decimal text of more than 4300 digits,
// so PyYAML cannot load it: a finding, not a silent 4 KB number.
func TestIntDigitLimit(t *testing.T) {
	_, ds := parse(t, "ok: 1"+strings.Repeat("0", 4299)+"\nhex: 0x"+strings.Repeat("f", 5000)+"\nv: 1"+strings.Repeat("0", 4300)+"\n")
	if len(ds) != 1 || ds[0].Pos.Line != 3 || !strings.Contains(ds[0].Message, "4300 digits") {
		t.Fatalf("got %v", ds)
	}
}
