package catalog

import (
	"sort"
	"unicode"
)

// Covers reports whether every name q matches is also matched by p, so
// that q can never be used when p ranks before it. decided is false when
// kfc cannot tell: a pattern with typed or padded placeholders, a repeated
// placeholder, or an automaton too large to explore. The answer is exact
// when decided: both patterns are regular (literal text, ignoring case,
// and `.+` placeholders), and inclusion is checked on automata over the
// letters the two patterns spell plus one letter standing for all others.
func (p *Pattern) Covers(q *Pattern) (covers, decided bool) {
	a, okA := plainNFA(p.prog)
	b, okB := plainNFA(q.prog)
	if !okA || !okB {
		return false, false
	}
	return includes(a, b)
}

// nfaSym is a letter: a case-folded rune, or other (any rune neither
// pattern spells).
type nfaSym = rune

const other nfaSym = -1

// nfa is a pattern as a chain of steps: a literal letter, or one-or-more
// of anything.
type nfa struct {
	steps []nfaStep
}

type nfaStep struct {
	any bool   // `.+`
	sym nfaSym // when !any
}

func plainNFA(prog *program) (nfa, bool) {
	var n nfa
	if prog == nil || prog.backrefs {
		return n, false
	}
	for _, el := range prog.elems {
		switch {
		case el.lit != nil:
			for _, r := range el.lit {
				n.steps = append(n.steps, nfaStep{sym: foldCanon(r)})
			}
		case el.field != nil:
			f := el.field
			if len(f.pre) != 0 || len(f.post) != 0 || len(f.inner) != 1 || f.toInt {
				return n, false
			}
			in := f.inner[0]
			if in.kind != nRep || in.min != 1 || in.max != -1 || f.field.Spec != "" {
				return n, false
			}
			n.steps = append(n.steps, nfaStep{any: true})
		default:
			return n, false
		}
	}
	return n, true
}

// foldCanon is the smallest rune of r's case-folding orbit.
func foldCanon(r rune) rune {
	lo := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if f < lo {
			lo = f
		}
	}
	return lo
}

// State i means "the first i steps are done"; an `any` step i goes to
// i+1 and, once there, may keep reading (a self-loop on i+1 that belongs
// to step i). step(s, sym) returns the successor states of one state.
func (n nfa) next(i int, sym nfaSym, out map[int]bool) {
	if i < len(n.steps) {
		st := n.steps[i]
		if st.any || st.sym == sym {
			out[i+1] = true
		}
	}
	if i > 0 && n.steps[i-1].any {
		out[i] = true
	}
}

func (n nfa) accepting(i int) bool { return i == len(n.steps) }

// maxProductStates bounds the search; past it the answer is "undecided".
const maxProductStates = 200000

// includes reports whether L(small) ⊆ L(big).
func includes(big, small nfa) (bool, bool) {
	alphabet := map[nfaSym]bool{other: true}
	for _, n := range []nfa{big, small} {
		for _, st := range n.steps {
			if !st.any {
				alphabet[st.sym] = true
			}
		}
	}
	syms := make([]nfaSym, 0, len(alphabet))
	for s := range alphabet {
		syms = append(syms, s)
	}
	sort.Slice(syms, func(i, j int) bool { return syms[i] < syms[j] })

	type state struct {
		q   int
		set string // the sorted states of big, encoded
	}
	encode := func(set map[int]bool) string {
		ks := make([]int, 0, len(set))
		for k := range set {
			ks = append(ks, k)
		}
		sort.Ints(ks)
		b := make([]rune, len(ks))
		for i, k := range ks {
			b[i] = rune(k + 1)
		}
		return string(b)
	}
	decode := func(s string) []int {
		out := make([]int, 0, len(s))
		for _, r := range s {
			out = append(out, int(r)-1)
		}
		return out
	}
	start := state{0, encode(map[int]bool{0: true})}
	seen := map[state]bool{start: true}
	queue := []state{start}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		bigStates := decode(cur.set)
		if small.accepting(cur.q) {
			acc := false
			for _, s := range bigStates {
				acc = acc || big.accepting(s)
			}
			if !acc {
				return false, true
			}
		}
		for _, sym := range syms {
			qs := map[int]bool{}
			small.next(cur.q, sym, qs)
			if len(qs) == 0 {
				continue
			}
			bs := map[int]bool{}
			for _, s := range bigStates {
				big.next(s, sym, bs)
			}
			set := encode(bs)
			for q := range qs {
				st := state{q, set}
				if !seen[st] {
					if len(seen) >= maxProductStates {
						return false, false
					}
					seen[st] = true
					queue = append(queue, st)
				}
			}
		}
	}
	return true, true
}
