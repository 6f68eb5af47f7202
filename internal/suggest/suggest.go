// Package suggest finds the closest known name to a misspelt one, for
// kfc's own "did you mean" hints (Levenshtein distance). Hints that must
// read as Kedro's are Python's difflib.get_close_matches: py.CloseMatches.
package suggest

import "strings"

// Closest returns the candidate nearest to name by edit distance (case
// folded), or "" when none is close enough to be a plausible typo: at
// most a third of the name's length plus one edits, and never more than 4.
func Closest(name string, candidates []string) string {
	return Within(name, candidates, min(len([]rune(name))/3+1, 4))
}

// Within returns the candidate nearest to name by edit distance (case
// folded), at most maxEdits away, or "". Ties go to the candidate that
// sorts first; name itself is never suggested.
func Within(name string, candidates []string, maxEdits int) string {
	best, bestDist := "", -1
	lower := strings.ToLower(name)
	for _, c := range candidates {
		if c == name {
			continue
		}
		d := Distance(lower, strings.ToLower(c))
		if d <= maxEdits && (bestDist < 0 || d < bestDist || (d == bestDist && c < best)) {
			best, bestDist = c, d
		}
	}
	return best
}

// Distance is the Levenshtein distance between a and b, counted in runes.
// Inputs over 200 runes are not compared (1<<30): no name is that long,
// and it bounds the work on hostile input.
func Distance(a, b string) int {
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
