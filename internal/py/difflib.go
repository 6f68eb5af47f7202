package py

import "sort"

// CloseMatches is Python's difflib.get_close_matches(word, possibilities)
// with its defaults (n=3, cutoff=0.6): the possibilities whose
// SequenceMatcher ratio against word is at least 0.6, best first, ties
// in reverse order of the text (heapq.nlargest of (score, text) pairs).
// kfc uses it where its hint stands for one of Kedro's.
func CloseMatches(word string, possibilities []string) []string {
	type scored struct {
		s     string
		score float64
	}
	b := []rune(word)
	junk := popular(b)
	var hits []scored
	for _, x := range possibilities {
		if r := ratio([]rune(x), b, junk); r >= 0.6 {
			hits = append(hits, scored{x, r})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].score != hits[j].score {
			return hits[i].score > hits[j].score
		}
		return hits[i].s > hits[j].s
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

// popular is SequenceMatcher's autojunk: when b has 200 or more elements,
// those occurring more than len(b)/100+1 times cannot start a match.
func popular(b []rune) map[rune]bool {
	if len(b) < 200 {
		return nil
	}
	count := map[rune]int{}
	for _, r := range b {
		count[r]++
	}
	out := map[rune]bool{}
	for r, n := range count {
		if n > len(b)/100+1 {
			out[r] = true
		}
	}
	return out
}

// ratio is SequenceMatcher(None, a, b).ratio(): twice the number of
// matching elements over the total length, the matches found by
// repeatedly taking the longest common block (get_matching_blocks, here
// with an explicit stack).
func ratio(a, b []rune, junk map[rune]bool) float64 {
	if len(a)+len(b) == 0 {
		return 1
	}
	matched := 0
	stack := [][4]int{{0, len(a), 0, len(b)}}
	for len(stack) > 0 {
		r := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		i, j, k := longestMatch(a, b, junk, r[0], r[1], r[2], r[3])
		if k == 0 {
			continue
		}
		matched += k
		stack = append(stack, [4]int{r[0], i, r[2], j}, [4]int{i + k, r[1], j + k, r[3]})
	}
	return 2 * float64(matched) / float64(len(a)+len(b))
}

// longestMatch is find_longest_match: the longest block of a[alo:ahi]
// equal to a block of b[blo:bhi] whose elements are not popular, earliest
// in a then in b, then extended on both ends by equal elements of any kind.
func longestMatch(a, b []rune, junk map[rune]bool, alo, ahi, blo, bhi int) (int, int, int) {
	bi, bj, bk := alo, blo, 0
	prev := make([]int, bhi-blo+1)
	cur := make([]int, bhi-blo+1)
	for i := alo; i < ahi; i++ {
		for j := blo; j < bhi; j++ {
			if a[i] == b[j] && !junk[b[j]] {
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
	for bi > alo && bj > blo && a[bi-1] == b[bj-1] {
		bi, bj, bk = bi-1, bj-1, bk+1
	}
	for bi+bk < ahi && bj+bk < bhi && a[bi+bk] == b[bj+bk] {
		bk++
	}
	return bi, bj, bk
}
