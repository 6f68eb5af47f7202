package mlproject

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"testing"
)

// pyNumberCases are built from the pieces Python's int() and float()
// care about: signs, digits (ASCII and not), underscores, dots,
// exponents, inf/nan spellings and whitespace of several kinds.
func pyNumberCases() []string {
	cores := []string{
		"0", "7", "-3", "+1", "010", "1_000", "1__0", "_1", "1_", "1e3", "1E+10", "1e", "1e1_0",
		".5", "1.", ".", "1.5", "1_0.5", "1_.5", "-.5e-3", "0x1F", "0b1", "1,5", "٣", "１２", "𝟘5", "١.٥",
		"inf", "-Infinity", "nan", "+NaN", "infinit", "in f", "", "+", "-", "+ 3", "1 2", "Ⅻ", "²",
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

// TestPyNumbersAgainstPython compares PyInt and PyFloat with the Python
// on PATH (skipped without one).
func TestPyNumbersAgainstPython(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3 on PATH")
	}
	cases := pyNumberCases()
	in, _ := json.Marshal(cases)
	cmd := exec.Command(py, "-c", `
import json, sys
def ok(f, s):
    try:
        f(s)
        return True
    except ValueError:
        return False
print(json.dumps([[ok(int, s), ok(float, s)] for s in json.load(sys.stdin)]))
`)
	cmd.Stdin = bytes.NewReader(in)
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("python3 failed: %v", err)
	}
	var want [][2]bool
	if err := json.Unmarshal(out, &want); err != nil || len(want) != len(cases) {
		t.Fatalf("python3 output: %v %s", err, out)
	}
	for i, s := range cases {
		if got := PyInt(s); got != want[i][0] {
			t.Errorf("int(%q): kfc %v, Python %v", s, got, want[i][0])
		}
		if got := PyFloat(s); got != want[i][1] {
			t.Errorf("float(%q): kfc %v, Python %v", s, got, want[i][1])
		}
	}
}
