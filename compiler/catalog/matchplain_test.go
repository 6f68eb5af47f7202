package catalog

import (
	"maps"
	"math/rand/v2"
	"strings"
	"testing"
)

// plainCases calls f with plain patterns (literals and plain
// placeholders, compiled with a glob) and names built mostly from the
// pattern's own literals, case changed, with pieces swapped or dropped.
func plainCases(seed uint64, f func(key string, prog *program, name string)) {
	r := rand.New(rand.NewPCG(seed, 21))
	lits := []string{"", "_", "x", "X", "ab", "AB", "ß", "ẞ", "k", "\u212a", ".", "{{", "_agg", "a_a"}
	names := []string{"", "_", "x", "X", "ab", "aB", "ß", "ẞ", "k", "K", "\u212a", ".", "{", "_agg", "é", "\n", "a_a"}
	fields := []string{"{a}", "{}", "{b}", "{c}"}
	for range 30000 {
		var parts []string
		for range 1 + r.IntN(4) {
			parts = append(parts, lits[r.IntN(len(lits))], fields[r.IntN(len(fields))])
		}
		parts = append(parts, lits[r.IntN(len(lits))])
		key := strings.Join(parts, "")
		prog, _ := compile(key)
		if prog == nil || prog.glob == nil {
			continue
		}
		var name strings.Builder
		for i, part := range parts {
			switch {
			case i%2 == 1 || r.IntN(6) == 0:
				for range r.IntN(4) {
					name.WriteString(names[r.IntN(len(names))])
				}
			case r.IntN(2) == 0:
				name.WriteString(strings.ToUpper(strings.ReplaceAll(part, "{{", "{")))
			default:
				name.WriteString(strings.ReplaceAll(part, "{{", "{"))
			}
		}
		f(key, prog, name.String())
	}
}

// TestMatchPlainMatchesMachine: for plain patterns, the glob says what the
// backtracking machine says (a match, or an error, which counts as one).
func TestMatchPlainMatchesMachine(t *testing.T) {
	tested, matched := 0, 0
	plainCases(7, func(key string, prog *program, name string) {
		ok, done := prog.matchPlain(name)
		_, _, sok, serr := prog.matchSlow(name)
		if !done {
			return
		}
		tested++
		if ok != (sok || serr != nil) {
			t.Fatalf("%q on %q: glob %v, machine %v %v", key, name, ok, sok, serr)
		}
		if ok {
			matched++
		}
	})
	t.Logf("%d names compared, %d matches", tested, matched)
	if tested < 10000 || matched < 1000 {
		t.Errorf("only %d names compared, %d matches", tested, matched)
	}
	// A name the machine might give up on is left to it.
	prog, _ := compile("{a}_{b}_{c}_agg")
	if _, done := prog.matchPlain(strings.Repeat("a_", 600)); done {
		t.Error("a 1,200-rune name was answered by the glob")
	}
}

// TestMatchSplitMatchesMachine: for plain patterns, the split form
// captures exactly the spans the backtracking machine captures, and
// matches where it matches.
func TestMatchSplitMatchesMachine(t *testing.T) {
	tested, matched, multi := 0, 0, 0
	plainCases(11, func(key string, prog *program, name string) {
		caps, s, ok, done := prog.matchSplit(name)
		if !done {
			return
		}
		mcaps, ms, mok, merr := prog.matchSlow(name)
		if merr != nil {
			t.Fatalf("%q on %q: the split answered where the machine gives up: %v", key, name, merr)
		}
		tested++
		if ok != mok || ok && (!maps.Equal(caps, mcaps) || string(s) != string(ms)) {
			t.Fatalf("%q on %q: split %v %v, machine %v %v", key, name, ok, caps, mok, mcaps)
		}
		if ok {
			matched++
			if len(prog.split.fields) > 1 {
				multi++
			}
		}
	})
	t.Logf("%d names compared, %d matches, %d with several placeholders", tested, matched, multi)
	if tested < 10000 || matched < 1000 || multi < 500 {
		t.Errorf("only %d names compared, %d matches, %d with several placeholders", tested, matched, multi)
	}
	prog, _ := compile("{a}_{b}_{c}_agg")
	if _, _, _, done := prog.matchSplit(strings.Repeat("a_", 600)); done {
		t.Error("a 1,200-rune name was answered by the split")
	}
}
