package interp

import (
	"strings"

	names "github.com/kfc-dev/kfc/internal/suggest"
)

// suggest returns the candidate closest to word, if it is close enough to
// be a likely typo: an edit distance of at most a third of the word's
// length (at least 1), or a difference of case only. Ties go to the first
// candidate in the given order.
func suggest(word string, candidates []string) string {
	best, bestDist := "", -1
	limit := max(1, len([]rune(word))/3)
	for _, c := range candidates {
		if c == word {
			continue
		}
		d := names.Distance(strings.ToLower(word), strings.ToLower(c))
		if d == 0 {
			return c
		}
		if d <= limit && (bestDist < 0 || d < bestDist) {
			best, bestDist = c, d
		}
	}
	return best
}
