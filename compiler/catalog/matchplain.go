package catalog

// Whether a name matches, without the captures, for patterns of literals
// and plain placeholders only (`{name}_{period}_agg`): every pipeline
// dataset name without an entry is tried against the patterns, and the
// backtracking machine costs tens of microseconds a name. Such a pattern
// is a glob (a placeholder is one rune, then any run of runes), and for
// whether it matches, laziness does not matter, so the classic
// wildcard scan with one backtrack point answers as the machine does.

// globTok is a literal rune, one rune of any kind (any), or a run (star).
type globTok struct {
	r         rune
	any, star bool
}

// plainGlob returns the glob of a program whose elements are literals and
// plain `.+?` placeholders, and the placeholders' class, or nil.
func plainGlob(p *program) ([]globTok, func(rune) bool) {
	if p.backrefs {
		return nil, nil
	}
	var out []globTok
	var class func(rune) bool
	for _, el := range p.elems {
		switch {
		case el.lit != nil:
			for _, r := range el.lit {
				out = append(out, globTok{r: r})
			}
		case el.field != nil && isPlainAny(el.field):
			if class == nil {
				class = el.field.inner[0].class
			}
			out = append(out, globTok{any: true}, globTok{star: true})
		default:
			return nil, nil
		}
	}
	if class == nil {
		return nil, nil // no placeholder: nothing to gain
	}
	return out, class
}

// matchPlain answers matches(name) through the glob; done is false when it
// cannot answer as the machine would: no glob, a rune some placeholder's
// class refuses (all plain placeholders share one class), or a name so long
// that the machine could run out of steps (it then reports a match).
func (p *program) matchPlain(name string) (ok, done bool) {
	if p.glob == nil {
		return false, false
	}
	var buf [64]rune
	s := buf[:0]
	for _, r := range name {
		if !foldClass(p.globClass, r) {
			return false, false
		}
		s = append(s, r)
	}
	// The machine tries each (element, position) at most once, each at
	// most len(s)+1 ways: below this it cannot reach maxSteps.
	if n := len(s) + 1; len(p.elems)*n*n >= maxSteps {
		return false, false
	}
	return globMatch(p.glob, s), true
}

func globMatch(tok []globTok, s []rune) bool {
	ti, si := 0, 0
	star, mark := -1, 0
	for si < len(s) {
		switch {
		case ti < len(tok) && tok[ti].star:
			star, mark = ti, si
			ti++
		case ti < len(tok) && (tok[ti].any || foldEqual(tok[ti].r, s[si])):
			ti++
			si++
		case star >= 0:
			// Give the last run one more rune and retry from there.
			mark++
			ti, si = star+1, mark
		default:
			return false
		}
	}
	for ti < len(tok) && tok[ti].star {
		ti++
	}
	return ti == len(tok)
}
