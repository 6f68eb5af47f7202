package tracking

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

var (
	keyPattern    = regexp.MustCompile(`^[/\p{L}\p{N}_.\- :]*$`)
	unsafePattern = regexp.MustCompile(`[^/\p{L}\p{N}_.\- :]`)
	idPattern     = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N}_\-]*$`)
)

// The hand checks are the regexps they replace, on odd strings and on
// random strings of letters, digits, marks, symbols, punctuation,
// separators and invalid UTF-8 from all over Unicode.
func TestKeyCharsAreTheRegexps(t *testing.T) {
	check := func(s string) {
		t.Helper()
		if got, want := ValidKeyChars(s), keyPattern.MatchString(s); got != want {
			t.Fatalf("ValidKeyChars(%q) = %v, the regexp says %v", s, got, want)
		}
		if got, want := SafeKey(s), unsafePattern.ReplaceAllString(s, "_"); got != want {
			t.Fatalf("SafeKey(%q) = %q, the regexp gives %q", s, got, want)
		}
		if got, want := ValidIDChars(s), idPattern.MatchString(s); got != want {
			t.Fatalf("ValidIDChars(%q) = %v, the regexp says %v", s, got, want)
		}
	}
	for _, s := range []string{"", "a", "_", "-", "_a", "-a", "a_b-c", "a.b", "a b", "a:b", "a/b", "a\\b", "a\tb", "a\nb",
		"é", "日本", "٣", "Ⅻ", "½", "²", "a\u0301", "\u200b", "😀", "\ufffd", "a\xffb", "\xe2\x80", "\x00", "a$b", "a+b", "m@x",
		"ǅ", "ʰ", "〇", "_٣", "٣_", strings.Repeat("x", 300)} {
		check(s)
	}
	var pool []rune
	for _, tab := range []*unicode.RangeTable{unicode.L, unicode.N, unicode.M, unicode.S, unicode.P, unicode.Z, unicode.C} {
		for _, r16 := range tab.R16 {
			pool = append(pool, rune(r16.Lo), rune(r16.Hi))
		}
		for _, r32 := range tab.R32 {
			pool = append(pool, rune(r32.Lo), rune(r32.Hi))
		}
	}
	pool = append(pool, '/', '_', '.', '-', ' ', ':', 'a', '0')
	rng := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(6) {
			if rng.IntN(10) == 0 {
				b.WriteByte(byte(0x80 + rng.IntN(0x80))) // invalid UTF-8
			} else {
				b.WriteRune(pool[rng.IntN(len(pool))])
			}
		}
		check(b.String())
	}
}
