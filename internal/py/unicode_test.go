package py

import (
	"os/exec"
	"strings"
	"testing"
)

// TestIsSpaceIsWordAgainstPython compares IsSpace and IsWord with
// str.isspace and re's \w in the python3 on PATH (skipped without one),
// over the code points below U+3100, where the scripts kfc meets live.
func TestIsSpaceIsWordAgainstPython(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3 on PATH")
	}
	out, err := exec.Command(python, "-c", `
import re, sys
w = re.compile(r"\w")
sys.stdout.write("".join(("s" if chr(c).isspace() else "-") + ("w" if w.match(chr(c)) else "-") for c in range(0x3100)))
`).Output()
	if err != nil {
		t.Skipf("python3 failed: %v", err)
	}
	got := make([]string, 0, 0x3100)
	for r := rune(0); r < 0x3100; r++ {
		s, w := "-", "-"
		if IsSpace(r) {
			s = "s"
		}
		if IsWord(r) {
			w = "w"
		}
		got = append(got, s+w)
	}
	if g := strings.Join(got, ""); g != string(out) {
		for i := 0; i < len(g) && i < len(out); i += 2 {
			if g[i:i+2] != string(out[i:i+2]) {
				t.Errorf("U+%04X: kfc %s, Python %s", i/2, g[i:i+2], out[i:i+2])
			}
		}
	}
}
