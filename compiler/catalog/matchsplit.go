package catalog

// The captures of a pattern of literals and plain placeholders
// (`{name}_{period}_agg`), without the backtracking machine: resolving a
// pipeline's factory-matched datasets (kfc build) captures every one of
// them, and the machine allocates a memo and a capture map per name.
//
// Such a pattern is lit0 {f1} lit1 {f2} ... {fk} litk, each placeholder
// one or more runes of its class, matched against the whole name. The
// machine tries each lazy placeholder's lengths shortest first, left to
// right, so it returns the split whose lengths are smallest in that
// order. Whether the rest of the pattern still fits after lit_i can only
// get worse the later lit_i ends (the next placeholder takes up any
// slack), so that split places every middle literal at its first
// occurrence that leaves room for what follows, and there is no match
// when that placement fails.

// plainSplit is a plain pattern as the literal runs between its
// placeholders: lits has one more entry than fields.
type plainSplit struct {
	lits   [][]rune
	fields []*fieldProg
}

// newPlainSplit returns the split form of a program with a glob (see
// plainGlob), or nil.
func newPlainSplit(p *program) *plainSplit {
	if p.glob == nil {
		return nil
	}
	sp := &plainSplit{lits: [][]rune{nil}}
	for _, el := range p.elems {
		if el.field != nil {
			sp.fields = append(sp.fields, el.field)
			sp.lits = append(sp.lits, nil)
			continue
		}
		last := len(sp.lits) - 1
		sp.lits[last] = append(sp.lits[last], el.lit...)
	}
	return sp
}

// matchSplit is match through the split form; done is false where
// matchPlain could not answer (the machine decides then).
func (p *program) matchSplit(name string) (caps map[string]span, s []rune, ok, done bool) {
	sp := p.split
	if sp == nil {
		return nil, nil, false, false
	}
	s = []rune(name)
	for _, r := range s {
		if !foldClass(p.globClass, r) {
			return nil, nil, false, false
		}
	}
	if n := len(s) + 1; len(p.elems)*n*n >= maxSteps {
		return nil, nil, false, false
	}
	k := len(sp.fields)
	first, last := sp.lits[0], sp.lits[k]
	end := len(s) - len(last)
	if end < len(first) || !foldAt(s, first, 0) || !foldAt(s, last, end) {
		return nil, nil, false, true
	}
	caps = make(map[string]span, k)
	pos := len(first)
	for i := 1; i <= k; i++ {
		at := end // the last placeholder ends where the last literal starts
		if i < k {
			at = -1
			lit := sp.lits[i]
			// Each later placeholder needs a rune after this literal.
			for j := pos + 1; j+len(lit)+(k-i) <= end; j++ {
				if foldAt(s, lit, j) {
					at = j
					break
				}
			}
		}
		if at-pos < 1 {
			return nil, nil, false, true
		}
		if f := sp.fields[i-1].field; f.Named {
			caps[f.Name] = span{pos, at}
		}
		pos = at + len(sp.lits[i])
	}
	return caps, s, true, true
}

// foldAt reports whether lit occurs in s at i, ignoring case.
func foldAt(s, lit []rune, i int) bool {
	if i < 0 || i+len(lit) > len(s) {
		return false
	}
	for j, r := range lit {
		if !foldEqual(r, s[i+j]) {
			return false
		}
	}
	return true
}
