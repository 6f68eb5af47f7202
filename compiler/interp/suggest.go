package interp

import "strings"

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
		d := editDistance(strings.ToLower(word), strings.ToLower(c))
		if d == 0 {
			return c
		}
		if d <= limit && (bestDist < 0 || d < bestDist) {
			best, bestDist = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance over runes; long inputs are
// not compared (no key is that long, and it bounds the work).
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 200 || len(rb) > 200 {
		return 1 << 30
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
