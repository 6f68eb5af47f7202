package catalog

import (
	"errors"
	"unicode"
)

// A small backtracking matcher for the regular expressions parse builds.
// Go's regexp cannot do back-references (parse uses them for a repeated
// placeholder) and does not expose Python's backtracking order, which
// decides what each lazy `.+?` captures; so the expression is kept as a
// tiny tree and every placeholder's candidate spans are tried in exactly
// the order Python's re tries them. Matching ignores case, as
// parse.parse(case_sensitive=False) does.

type nodeKind uint8

const (
	nLit nodeKind = iota // literal runes
	nRep                 // a character class repeated min..max times (max -1: unbounded)
	nAlt                 // alternatives, tried in order
)

type node struct {
	kind  nodeKind
	lit   []rune
	class func(rune) bool
	min   int
	max   int
	lazy  bool
	alts  [][]node
}

// fieldProg is one placeholder: padding, the captured group, padding.
type fieldProg struct {
	field            Field
	pre, inner, post []node
	toInt            bool // `:d`: the capture is converted with parse's int_convert
}

// elem is one top-level piece of a pattern.
type elem struct {
	lit     []rune     // literal text
	field   *fieldProg // a placeholder
	backref string     // a repeated placeholder: must match the same text again
}

type program struct {
	elems    []elem
	backrefs bool
	single   int // the one placeholder of a pattern that is literals around one plain `{name}`, else -1 (see matchSingle)

	glob      []globTok       // the pattern as a glob when it is literals and plain placeholders (matchPlain)
	globClass func(rune) bool // the plain placeholders' class
	split     *plainSplit     // the same as literal runs between placeholders (matchSplit)
}

type span struct{ start, end int }

type machine struct {
	prog    *program
	s       []rune
	caps    map[string]span
	failed  map[[2]int]bool // (elem, position) known to fail; only without back-references
	steps   int
	aborted bool
}

// maxSteps bounds matching with back-references, which cannot be
// memoised; real patterns need a few hundred steps.
const maxSteps = 1_000_000

// errTooComplex is returned when a match gives up.
var errTooComplex = errors.New("the pattern is too complex for kfc to match (too many ways to split the name)")

// match runs prog anchored at both ends of name (parse's \A...\Z).
func (p *program) match(name string) (map[string]span, []rune, bool, error) {
	if p.single >= 0 {
		return p.matchSingle(name)
	}
	if caps, s, ok, done := p.matchSplit(name); done {
		return caps, s, ok, nil
	}
	return p.matchSlow(name)
}

// singleField returns the index of the one plain `.+?` placeholder of a
// pattern whose other elements are all literal text, or -1.
func singleField(p *program) int {
	single := -1
	for i, el := range p.elems {
		switch {
		case el.lit != nil:
		case el.field != nil && single < 0 && isPlainAny(el.field):
			single = i
		default:
			return -1
		}
	}
	return single
}

func isPlainAny(f *fieldProg) bool {
	if len(f.pre) != 0 || len(f.post) != 0 || len(f.inner) != 1 || f.toInt || f.field.Spec != "" {
		return false
	}
	in := f.inner[0]
	return in.kind == nRep && in.min == 1 && in.max == -1 && in.lazy && in.alts == nil
}

// matchSingle is match for literals around one plain placeholder: the
// literals have fixed lengths, so the only split the backtracking machine
// can accept gives the placeholder everything between them (at least one
// rune; its class is every rune).
func (p *program) matchSingle(name string) (map[string]span, []rune, bool, error) {
	s := []rune(name)
	start := 0
	for _, el := range p.elems[:p.single] {
		if !foldAt(s, el.lit, start) {
			return nil, nil, false, nil
		}
		start += len(el.lit)
	}
	end := len(s)
	for _, el := range p.elems[p.single+1:] {
		end -= len(el.lit)
	}
	if end-start < 1 {
		return nil, nil, false, nil
	}
	at := end
	for _, el := range p.elems[p.single+1:] {
		if !foldAt(s, el.lit, at) {
			return nil, nil, false, nil
		}
		at += len(el.lit)
	}
	f := p.elems[p.single].field
	for _, r := range s[start:end] {
		if !foldClass(f.inner[0].class, r) {
			return nil, nil, false, nil
		}
	}
	caps := map[string]span{}
	if f.field.Named {
		caps[f.field.Name] = span{start, end}
	}
	return caps, s, true, nil
}

// matchSlow runs the backtracking machine.
func (p *program) matchSlow(name string) (map[string]span, []rune, bool, error) {
	m := &machine{prog: p, s: []rune(name), caps: map[string]span{}}
	if !p.backrefs {
		m.failed = map[[2]int]bool{}
	}
	ok := m.at(0, 0)
	if m.aborted {
		return nil, nil, false, errTooComplex
	}
	if !ok {
		return nil, nil, false, nil
	}
	return m.caps, m.s, true, nil
}

func (m *machine) at(e, i int) bool {
	if m.steps++; m.steps > maxSteps {
		m.aborted = true
	}
	if m.aborted {
		return false
	}
	if e == len(m.prog.elems) {
		return i == len(m.s)
	}
	key := [2]int{e, i}
	if m.failed != nil && m.failed[key] {
		return false
	}
	ok := m.try(e, i)
	if !ok && m.failed != nil {
		m.failed[key] = true
	}
	return ok
}

func (m *machine) try(e, i int) bool {
	el := m.prog.elems[e]
	switch {
	case el.lit != nil:
		if n, ok := m.litAt(el.lit, i); ok {
			return m.at(e+1, i+n)
		}
		return false
	case el.field == nil:
		sp := m.caps[el.backref]
		if n, ok := m.litAt(m.s[sp.start:sp.end], i); ok {
			return m.at(e+1, i+n)
		}
		return false
	}
	f := el.field
	for _, c := range m.candidates(f, i) {
		if f.field.Named {
			m.caps[f.field.Name] = span{c[0], c[1]}
		}
		if m.at(e+1, c[2]) {
			return true
		}
	}
	return false
}

// candidates lists (group start, group end, end) for field f at i in the
// order Python's backtracking tries them, without repeats.
func (m *machine) candidates(f *fieldProg, i int) [][3]int {
	var out [][3]int
	seen := map[[3]int]bool{}
	m.walk(f.pre, i, func(gs int) {
		m.walk(f.inner, gs, func(ge int) {
			m.walk(f.post, ge, func(end int) {
				c := [3]int{gs, ge, end}
				if !seen[c] {
					seen[c] = true
					out = append(out, c)
				}
			})
		})
	})
	return out
}

// walk calls k with every end position of ns matched from i, in
// backtracking order.
func (m *machine) walk(ns []node, i int, k func(int)) {
	if len(ns) == 0 {
		k(i)
		return
	}
	n, rest := ns[0], ns[1:]
	switch n.kind {
	case nLit:
		if l, ok := m.litAt(n.lit, i); ok {
			m.walk(rest, i+l, k)
		}
	case nRep:
		run := 0
		for i+run < len(m.s) && (n.max < 0 || run < n.max) && foldClass(n.class, m.s[i+run]) {
			run++
		}
		if run < n.min {
			return
		}
		if n.lazy {
			for c := n.min; c <= run; c++ {
				m.walk(rest, i+c, k)
			}
		} else {
			for c := run; c >= n.min; c-- {
				m.walk(rest, i+c, k)
			}
		}
	case nAlt:
		for _, a := range n.alts {
			m.walk(a, i, func(j int) { m.walk(rest, j, k) })
		}
	}
}

// litAt matches lit at i ignoring case and returns its length in runes.
func (m *machine) litAt(lit []rune, i int) (int, bool) {
	if i+len(lit) > len(m.s) {
		return 0, false
	}
	for j, r := range lit {
		if !foldEqual(r, m.s[i+j]) {
			return 0, false
		}
	}
	return len(lit), true
}

// foldEqual compares two runes ignoring case (Unicode simple folding,
// close to Python re's IGNORECASE for str patterns).
func foldEqual(a, b rune) bool {
	if a == b {
		return true
	}
	for f := unicode.SimpleFold(a); f != a; f = unicode.SimpleFold(f) {
		if f == b {
			return true
		}
	}
	return false
}

// foldClass reports whether r or any case variant of it is in class.
func foldClass(class func(rune) bool, r rune) bool {
	if class(r) {
		return true
	}
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if class(f) {
			return true
		}
	}
	return false
}
