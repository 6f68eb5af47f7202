package catalog

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// shadowedPairwise is the algorithm Shadowed replaced: every earlier
// pattern, tested with Covers in rank order.
func shadowedPairwise(ps []*Pattern) []int {
	out := make([]int, len(ps))
	for j, q := range ps {
		out[j] = -1
		for i, p := range ps[:j] {
			if covers, decided := p.Covers(q); covers && decided {
				out[j] = i
				break
			}
		}
	}
	return out
}

func testPattern(key string) *Pattern {
	p := &Pattern{Key: key, Specificity: Specificity(key), Placeholders: PlaceholderCount(key)}
	p.prog, _ = compile(key)
	return p
}

// randomKey spells a factory key from pieces that exercise what Covers
// looks at: case, multi-byte folding, adjacent and repeated placeholders,
// typed ones (undecided), escapes and stray braces.
func randomKey(r *rand.Rand) string {
	pieces := []string{"{a}", "{b}", "{c}", "{a}", "{n:d}", "{}", "{{", "_", ".", "x", "X", "y", "ab", "AB", "ß", "ẞ", "é", "É", "raw_", "_csv", "{x}{y}", "}"}
	n := 1 + r.IntN(5)
	var b strings.Builder
	for range n {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

// Shadowed answers exactly as the pairwise algorithm on random pattern
// sets, including ones where most pairs are decided.
func TestShadowedMatchesPairwise(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 4))
	found := 0
	for round := range 3000 {
		ps := make([]*Pattern, 2+r.IntN(14))
		for i := range ps {
			ps[i] = testPattern(randomKey(r))
		}
		if round%2 == 0 {
			sortPatterns(ps) // Kedro's order; odd rounds keep the random order, where more pairs cover
		}
		want, got := shadowedPairwise(ps), Shadowed(ps)
		if fmt.Sprint(want) != fmt.Sprint(got) {
			keys := make([]string, len(ps))
			for i, p := range ps {
				keys[i] = p.Key
			}
			t.Fatalf("round %d, patterns %q:\nShadowed %v\npairwise %v", round, keys, got, want)
		}
		for _, i := range want {
			if i >= 0 {
				found++
			}
		}
	}
	t.Logf("%d shadowed", found)
	if found < 1000 {
		t.Errorf("only %d shadowed patterns in all rounds: the generator tests too little", found)
	}
}

// factoryKeys is n patterns in the generated projects' shape: distinct
// literal suffixes, none covering another, and a namespace pattern.
func factoryKeys(n int) []*Pattern {
	ps := make([]*Pattern, 0, n+1)
	for i := range n {
		ps = append(ps, testPattern(fmt.Sprintf("{name}_extra_%d", i)))
	}
	ps = append(ps, testPattern("{namespace}.{name}"))
	sortPatterns(ps)
	return ps
}

func BenchmarkShadowed(b *testing.B) {
	for _, n := range []int{300, 3000} {
		ps := factoryKeys(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				Shadowed(ps)
			}
		})
	}
}

// BenchmarkShadowedInfixes is the case the index does not narrow: 3,000
// patterns that differ only in the middle, so every one is checked against
// every earlier one, by the cheap wildcard test alone.
func BenchmarkShadowedInfixes(b *testing.B) {
	ps := make([]*Pattern, 3000)
	for i := range ps {
		ps[i] = testPattern(fmt.Sprintf("{a}_m%d_{b}", i))
	}
	sortPatterns(ps)
	for b.Loop() {
		Shadowed(ps)
	}
}

func BenchmarkShadowedPairwise(b *testing.B) {
	ps := factoryKeys(300)
	for b.Loop() {
		shadowedPairwise(ps)
	}
}
