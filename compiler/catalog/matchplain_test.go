package catalog

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestMatchPlainMatchesMachine: for patterns of literals and plain
// placeholders, the glob says what the backtracking machine says (a match,
// or an error, which counts as one), on names built mostly from the
// pattern's own literals, case changed, with pieces swapped or dropped.
func TestMatchPlainMatchesMachine(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 21))
	lits := []string{"", "_", "x", "X", "ab", "AB", "ß", "ẞ", "k", "\u212a", ".", "{{", "_agg", "a_a"}
	names := []string{"", "_", "x", "X", "ab", "aB", "ß", "ẞ", "k", "K", "\u212a", ".", "{", "_agg", "é", "\n", "a_a"}
	fields := []string{"{a}", "{}", "{b}", "{c}"}
	tested, matched := 0, 0
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
		ok, done := prog.matchPlain(name.String())
		_, _, sok, serr := prog.matchSlow(name.String())
		if !done {
			continue
		}
		tested++
		if ok != (sok || serr != nil) {
			t.Fatalf("%q on %q: glob %v, machine %v %v", key, name.String(), ok, sok, serr)
		}
		if ok {
			matched++
		}
	}
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
