package schema

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// TestQuickMatchAgreesWithRegexp: where quickMatch takes a pattern, it
// answers what regexp answers, on strings built from the pattern's own
// pieces; the plan's patterns are among those it takes.
func TestQuickMatchAgreesWithRegexp(t *testing.T) {
	quick := []string{`^node\.`, `^dataset\.`, `^sha256:[0-9a-f]{64}$`, `^[^/\\]+$`, `^ab[a-c]*$`,
		`^x[0-9]{2,3}$`, `^é[^é]+$`, `^[a-z]{0,1}$`}
	other := []string{`^[^:]+:[^:]+$`, `(?i)^node\.`, `^a|b`, `node\.`, `^a+b$`, `^(ab)+$`, `^a.b$`}
	pieces := []string{"", "node", ".", "dataset", "sha256:", "0", "9", "a", "f", "g", "A", "/", `\`, "é", "ab", "x", "\n", ":", "12"}
	r := rand.New(rand.NewPCG(3, 5))
	hex := strings.Repeat("0123456789abcdef", 5)
	for _, pat := range append(quick, other...) {
		re := regexp.MustCompile(pat)
		p := newTextPattern(re)
		want := false
		for _, q := range quick {
			want = want || q == pat
		}
		if (p.quick != nil) != want {
			t.Fatalf("%s: quick form %v, want %v", pat, p.quick != nil, want)
		}
		matched := 0
		for i := range 3000 {
			var b strings.Builder
			if i%3 == 0 {
				prefix, _ := re.LiteralPrefix()
				b.WriteString(prefix)
			}
			for range r.IntN(6) {
				b.WriteString(pieces[r.IntN(len(pieces))])
			}
			if i%5 == 0 {
				b.WriteString(hex[:60+r.IntN(6)])
			}
			s := []byte(b.String())
			if got, w := p.Match(s), re.Match(s); got != w {
				t.Fatalf("%s on %q: %v, regexp %v", pat, s, got, w)
			}
			if re.Match(s) {
				matched++
			}
		}
		if matched == 0 {
			t.Errorf("%s: no string matched: the test compares nothing", pat)
		}
	}
	if !newTextPattern(regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)).Match([]byte("sha256:" + hex[:64])) {
		t.Error("a plan hash does not match")
	}
}

// BenchmarkHashPattern: a plan hash against #PlanHash, by quickMatch and
// by regexp.
func BenchmarkHashPattern(b *testing.B) {
	re := regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)
	s := []byte("sha256:" + strings.Repeat("0123456789abcdef", 4))
	for name, match := range map[string]func([]byte) bool{"quick": newTextPattern(re).Match, "regexp": re.Match} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if !match(s) {
					b.Fatal("no match")
				}
			}
		})
	}
}
