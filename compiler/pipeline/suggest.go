package pipeline

import (
	"fmt"
	"sort"
	"strings"
)

// Suggest returns up to three candidates close to word, best first, the
// way Python's difflib.get_close_matches does (Ratcliff/Obershelp ratio at
// least 0.6), which is what Kedro uses for its "did you mean" hints.
func Suggest(word string, candidates []string) []string {
	type scored struct {
		s     string
		score float64
	}
	var hits []scored
	seen := map[string]bool{}
	for _, c := range candidates {
		if c == word || seen[c] {
			continue
		}
		seen[c] = true
		if r := similarity(word, c); r >= 0.6 {
			hits = append(hits, scored{c, r})
		}
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].score != hits[j].score {
			return hits[i].score > hits[j].score
		}
		return hits[i].s < hits[j].s
	})
	if len(hits) > 3 {
		hits = hits[:3]
	}
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.s
	}
	return out
}

// didYouMean formats the best suggestion as a message tail.
func didYouMean(word string, candidates []string) string {
	if s := Suggest(word, candidates); len(s) > 0 {
		return fmt.Sprintf("; did you mean %q?", s[0])
	}
	return ""
}

// didYouMeanBraced suggests a placeholder.
func didYouMeanBraced(word string, candidates []string) string {
	if s := Suggest(word, candidates); len(s) > 0 {
		return "; did you mean {" + s[0] + "}?"
	}
	return ""
}

// similarity is difflib's SequenceMatcher.ratio: twice the number of
// matching characters over the total length, matches found by repeatedly
// taking the longest common block (iteratively, with an explicit stack).
func similarity(a, b string) float64 {
	ra, rb := []rune(a), []rune(b)
	if len(ra)+len(rb) == 0 {
		return 1
	}
	matched := 0
	stack := [][4]int{{0, len(ra), 0, len(rb)}}
	for len(stack) > 0 {
		r := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		i, j, k := longestBlock(ra, rb, r[0], r[1], r[2], r[3])
		if k == 0 {
			continue
		}
		matched += k
		stack = append(stack, [4]int{r[0], i, r[2], j}, [4]int{i + k, r[1], j + k, r[3]})
	}
	return 2 * float64(matched) / float64(len(ra)+len(rb))
}

// longestBlock finds the longest common run of a[alo:ahi] and b[blo:bhi],
// earliest in a then b, as difflib's find_longest_match does.
func longestBlock(a, b []rune, alo, ahi, blo, bhi int) (int, int, int) {
	bi, bj, bk := alo, blo, 0
	prev := make([]int, bhi-blo+1)
	cur := make([]int, bhi-blo+1)
	for i := alo; i < ahi; i++ {
		for j := blo; j < bhi; j++ {
			if a[i] == b[j] {
				cur[j-blo+1] = prev[j-blo] + 1
				if k := cur[j-blo+1]; k > bk {
					bi, bj, bk = i-k+1, j-k+1, k
				}
			} else {
				cur[j-blo+1] = 0
			}
		}
		prev, cur = cur, prev
	}
	return bi, bj, bk
}

// joinQuoted renders names as "a", "b".
func joinQuoted(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
