package py

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"testing"
)

// numberCases are built from the pieces Python's int() and float()
// care about: signs, digits (ASCII and not), underscores, dots,
// exponents, inf/nan spellings and whitespace of several kinds.
func numberCases() []string {
	cores := []string{
		"0", "7", "-3", "+1", "010", "1_000", "1__0", "_1", "1_", "1e3", "1E+10", "1e", "1e1_0",
		".5", "1.", ".", "1.5", "1_0.5", "1_.5", "-.5e-3", "0x1F", "0b1", "1,5", "٣", "１２", "𝟘5", "١.٥",
		"inf", "-Infinity", "nan", "+NaN", "infinit", "in f", "", "+", "-", "+ 3", "1 2", "Ⅻ", "²",
		"0x1p3", "1e999", "-1e999", "1e-999", "1.e5", "0.1", "123456789012345678901234567890",
	}
	spaces := []string{"", " ", "\t", "\n", "\u3000", "\u00a0", "\u0085", "\u2028", "\x1c", "\x1f", "\u200b", "\u180e"}
	var out []string
	for _, c := range cores {
		for _, s := range spaces {
			out = append(out, c+s, s+c, s+c+s)
		}
	}
	return out
}

// TestNumbersAgainstPython compares IsInt, IsFloat and ParseFloat with the Python
// on PATH (skipped without one).
func TestNumbersAgainstPython(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3 on PATH")
	}
	cases := numberCases()
	in, _ := json.Marshal(cases)
	cmd := exec.Command(py, "-c", `
import json, sys
def ok(f, s):
    try:
        f(s)
        return True
    except ValueError:
        return False
def fl(s):
    try:
        return repr(float(s))
    except ValueError:
        return None
print(json.dumps([[ok(int, s), ok(float, s), fl(s)] for s in json.load(sys.stdin)]))
`)
	cmd.Stdin = bytes.NewReader(in)
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("python3 failed: %v", err)
	}
	var rows [][3]any // int() ok, float() ok, repr(float()) or null
	if err := json.Unmarshal(out, &rows); err != nil || len(rows) != len(cases) {
		t.Fatalf("python3 output: %v %s", err, out)
	}
	for i, s := range cases {
		wantInt, wantFloat := rows[i][0].(bool), rows[i][1].(bool)
		wantValue, _ := rows[i][2].(string)
		if got := IsInt(s); got != wantInt {
			t.Errorf("int(%q): kfc %v, Python %v", s, got, wantInt)
		}
		if got := IsFloat(s); got != wantFloat {
			t.Errorf("float(%q): kfc %v, Python %v", s, got, wantFloat)
		}
		f, err := ParseFloat(s)
		switch {
		case !wantFloat && err == nil:
			t.Errorf("ParseFloat(%q) = %v, Python refuses it", s, f)
		case wantFloat && (err != nil || FloatRepr(f) != wantValue):
			t.Errorf("ParseFloat(%q) = %s, %v; Python %s", s, FloatRepr(f), err, wantValue)
		}
	}
}

// TestParseFloat pins the cases where Go's strconv.ParseFloat and Python's
// float() disagree, without needing a python3 (values from CPython 3.11).
func TestParseFloat(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"1_000", "1000.0"}, {" 2.5\n", "2.5"}, {"1e999", "inf"}, {"-Infinity", "-inf"},
		{"-nan", "nan"}, {"1e-999", "0.0"}, {"１.５", "1.5"},
		{"0x1p3", ""}, {"0x10", ""}, {"1_", ""}, {"1__0", ""}, {"_1", ""}, {"infinit", ""}, {"", ""},
	} {
		f, err := ParseFloat(c.in)
		if c.want == "" {
			if err == nil {
				t.Errorf("ParseFloat(%q) = %v, want an error (float() refuses it)", c.in, f)
			}
			continue
		}
		if err != nil || FloatRepr(f) != c.want {
			t.Errorf("ParseFloat(%q) = %s, %v; want %s", c.in, FloatRepr(f), err, c.want)
		}
	}
}
