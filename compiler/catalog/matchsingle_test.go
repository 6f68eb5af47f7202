package catalog

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/tree"
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

// Which says what Resolve says about the kind and the pattern.
func TestWhichAgreesWithResolve(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 9))
	pieces := []string{"raw_", "_csv", "x", "X", "{a}", "{b}", "{n:d}", "{a}{b}", "_", "ß"}
	words := []string{"raw_", "RAW_", "_csv", "x", "12", "ẞ", "_", "abc"}
	seen := map[string]int{}
	for range 300 {
		c := &Catalog{byName: map[string]*Entry{"raw_x": {Name: "raw_x"}}}
		c.Entries = []*Entry{c.byName["raw_x"]}
		for range 1 + r.IntN(5) {
			key := pieces[r.IntN(len(pieces))] + pieces[r.IntN(len(pieces))] + pieces[r.IntN(len(pieces))]
			if !IsPattern(key) {
				continue
			}
			p := testPattern(key)
			p.prefix, p.suffix = literalEnds(key)
			p.Config = &tree.Node{Kind: tree.Map}
			c.Patterns = append(c.Patterns, p)
		}
		sortPatterns(c.Patterns)
		if r.IntN(2) == 0 {
			c.CatchAll = testPattern("{default}")
			c.CatchAll.Config = &tree.Node{Kind: tree.Map}
		}
		for range 30 {
			name := words[r.IntN(len(words))] + words[r.IntN(len(words))]
			kind, p := c.Which(name)
			res := c.Resolve(name)
			if kind != res.Kind || p != res.Pattern {
				t.Fatalf("%q: Which %s %v, Resolve %s %v", name, kind, p, res.Kind, res.Pattern)
			}
			seen[kind]++
		}
	}
	if len(seen) < 4 {
		t.Errorf("kinds seen: %v", seen)
	}
}
