package catalog

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// The direct match of literals around one placeholder agrees with the
// backtracking machine on random patterns and names.
func TestMatchSingleMatchesMachine(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 13))
	lits := []string{"", "_", "x", "X", "ab", "AB", "ß", "ẞ", "k", "\u212a", ".", "{{", "_csv"}
	names := []string{"", "_", "x", "X", "ab", "aB", "ß", "ẞ", "k", "K", "\u212a", ".", "{", "_csv", "é", "\n"}
	tested := 0
	for range 20000 {
		parts := []string{lits[r.IntN(len(lits))], lits[r.IntN(len(lits))], []string{"{a}", "{}", "{b}"}[r.IntN(3)], lits[r.IntN(len(lits))], lits[r.IntN(len(lits))]}
		key := strings.Join(parts, "")
		prog, _ := compile(key)
		if prog == nil || prog.single < 0 {
			continue
		}
		// Mostly the pattern's own literals (changed in case, or swapped for
		// another piece now and then) around a random middle.
		var name strings.Builder
		for i, part := range parts {
			switch {
			case i == 2 || r.IntN(6) == 0:
				for range r.IntN(4) {
					name.WriteString(names[r.IntN(len(names))])
				}
			case r.IntN(2) == 0:
				name.WriteString(strings.ToUpper(strings.ReplaceAll(part, "{{", "{")))
			default:
				name.WriteString(strings.ReplaceAll(part, "{{", "{"))
			}
		}
		fc, fs, fok, ferr := prog.matchSingle(name.String())
		sc, ss, sok, serr := prog.matchSlow(name.String())
		if fok != sok || ferr != serr || fmt.Sprint(fc) != fmt.Sprint(sc) || (fok && string(fs) != string(ss)) {
			t.Fatalf("%q on %q: direct %v %v %v, machine %v %v %v", key, name.String(), fc, fok, ferr, sc, sok, serr)
		}
		if fok {
			tested++
		}
	}
	t.Logf("%d matches compared", tested)
	if tested < 1000 {
		t.Errorf("only %d matches compared", tested)
	}
}
