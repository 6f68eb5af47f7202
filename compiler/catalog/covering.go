package catalog

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Shadowed returns, for each pattern of ps (in rank order), the index of
// the first pattern ranked before it that Covers it (decidedly), or -1.
// It gives the answers of testing every earlier pattern with Covers, but
// tests only the few that can cover: if p covers q, p's literal prefix is
// a prefix of q's and p's literal suffix a suffix of q's (an `.+` in q can
// start with any letter), p's shortest name is no longer than q's, and p
// matches q's name with each `.+` spelled as one letter neither spells.
// Patterns are indexed by literal prefix and suffix, so a pattern looks
// only at the few buckets its own ends allow.
func Shadowed(ps []*Pattern) []int {
	infos := make([]coverInfo, len(ps))
	index := map[string]map[string][]int{} // prefix -> suffix -> pattern indices, ascending
	for i, p := range ps {
		in := &infos[i]
		in.nfa, in.ok = plainNFA(p.prog)
		if !in.ok {
			continue
		}
		in.prefix, in.suffix = in.nfa.ends()
		in.toks = in.nfa.wildcard()
		bySuffix := index[in.prefix]
		if bySuffix == nil {
			bySuffix = map[string][]int{}
			index[in.prefix] = bySuffix
		}
		bySuffix[in.suffix] = append(bySuffix[in.suffix], i)
		for _, st := range in.nfa.steps {
			in.minLen++
			if st.any {
				in.word = append(in.word, other)
			} else {
				in.word = append(in.word, st.sym)
			}
		}
	}
	out := make([]int, len(ps))
	var cands []int
	for j := range ps {
		out[j] = -1
		q := &infos[j]
		if !q.ok {
			continue
		}
		cands = cands[:0]
		for a := 0; a <= len(q.prefix); a = nextRune(q.prefix, a) {
			bySuffix := index[q.prefix[:a]]
			if bySuffix == nil {
				continue
			}
			for b := len(q.suffix); b >= 0; b = prevRune(q.suffix, b) {
				for _, i := range bySuffix[q.suffix[b:]] {
					if i >= j {
						break
					}
					cands = append(cands, i)
				}
			}
		}
		sort.Ints(cands)
		for _, i := range cands {
			p := &infos[i]
			if p.minLen > q.minLen || !accepts(p.toks, q.word) {
				continue
			}
			if covers, decided := includes(p.nfa, q.nfa); covers && decided {
				out[j] = i
				break
			}
		}
	}
	return out
}

// coverInfo is what Shadowed precomputes for one pattern.
type coverInfo struct {
	ok             bool // a plain pattern: Covers can decide about it
	nfa            nfa
	prefix, suffix string   // folded literal text before the first `.+` and after the last (the whole name if none)
	minLen         int      // letters in its shortest name
	word           []nfaSym // its shortest name, each `.+` spelled other
	toks           []wildTok
}

// ends returns the folded literal text before the first `.+` step and
// after the last one; both are the whole name when there is none.
func (n nfa) ends() (prefix, suffix string) {
	first, last := len(n.steps), -1
	for i, st := range n.steps {
		if st.any {
			if first == len(n.steps) {
				first = i
			}
			last = i
		}
	}
	spell := func(steps []nfaStep) string {
		var b strings.Builder
		for _, st := range steps {
			b.WriteRune(st.sym)
		}
		return b.String()
	}
	return spell(n.steps[:first]), spell(n.steps[last+1:])
}

// wildTok is a step of a chain as a wildcard: a literal letter, "one
// letter" (the first of `.+`) or a star (the rest of `.+`).
type wildTok struct {
	star, one bool
	sym       nfaSym
}

func (n nfa) wildcard() []wildTok {
	toks := make([]wildTok, 0, 2*len(n.steps))
	for _, st := range n.steps {
		if st.any {
			toks = append(toks, wildTok{one: true}, wildTok{star: true})
		} else {
			toks = append(toks, wildTok{sym: st.sym})
		}
	}
	return toks
}

// accepts reports whether the wildcard toks matches w: the classic walk
// that backtracks to the last star.
func accepts(toks []wildTok, w []nfaSym) bool {
	ti, wi := 0, 0
	starT, starW := -1, 0
	for wi < len(w) {
		switch {
		case ti < len(toks) && toks[ti].star:
			starT, starW = ti, wi
			ti++
		case ti < len(toks) && (toks[ti].one || toks[ti].sym == w[wi]):
			ti++
			wi++
		case starT >= 0:
			starW++
			ti, wi = starT+1, starW
		default:
			return false
		}
	}
	for ti < len(toks) && toks[ti].star {
		ti++
	}
	return ti == len(toks)
}

// nextRune is the byte offset after the rune at i (len(s)+1 past the end),
// to walk the rune boundaries of s from 0 to len(s).
func nextRune(s string, i int) int {
	if i >= len(s) {
		return len(s) + 1
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	return i + size
}

// prevRune is the byte offset of the rune before i (-1 before the start).
func prevRune(s string, i int) int {
	if i <= 0 {
		return -1
	}
	_, size := utf8.DecodeLastRuneInString(s[:i])
	return i - size
}
