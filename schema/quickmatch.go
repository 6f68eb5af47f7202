package schema

import (
	"regexp"
	"regexp/syntax"
	"unicode/utf8"
)

// A plan has a handful of =~ constraints that every node and dataset
// meets several times (ids `^node\.`, hashes `^sha256:[0-9a-f]{64}$`);
// Go's regexp costs a few hundred nanoseconds a string even for those.
// quickMatch decides the two shapes they have without it: a literal
// prefix, optionally followed by a run of one character class to the
// end of the text. Anything else stays with regexp.

// textPattern is one =~ or !~ operand.
type textPattern struct {
	re    *regexp.Regexp
	quick *quickMatch // nil: re decides
}

func newTextPattern(re *regexp.Regexp) textPattern {
	return textPattern{re: re, quick: compileQuick(re.String())}
}

// Match reports whether text matches, as re.Match does.
func (p textPattern) Match(text []byte) bool {
	if p.quick != nil && utf8.Valid(text) {
		return p.quick.match(text)
	}
	return p.re.Match(text)
}

// quickMatch is ^prefix, or ^prefix[class]{min,max}$ when run.
type quickMatch struct {
	prefix   string
	run      bool
	class    []rune              // syntax.Regexp.Rune of a char class: lo, hi pairs
	ascii    [utf8.RuneSelf]bool // class membership of the ASCII characters
	min, max int                 // max -1: unbounded
}

// compileQuick returns the quickMatch of pattern, or nil when it has
// another shape.
func compileQuick(pattern string) *quickMatch {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil || re.Op != syntax.OpConcat || len(re.Sub) < 2 || re.Sub[0].Op != syntax.OpBeginText {
		return nil
	}
	sub := re.Sub[1:]
	q := &quickMatch{}
	if sub[0].Op == syntax.OpLiteral {
		if sub[0].Flags&syntax.FoldCase != 0 {
			return nil
		}
		q.prefix = string(sub[0].Rune)
		sub = sub[1:]
	}
	switch {
	case len(sub) == 0 && q.prefix != "":
		return q
	case len(sub) != 2 || sub[1].Op != syntax.OpEndText:
		return nil
	}
	rep := sub[0]
	switch rep.Op {
	case syntax.OpRepeat:
		q.min, q.max = rep.Min, rep.Max
	case syntax.OpPlus:
		q.min, q.max = 1, -1
	case syntax.OpStar:
		q.min, q.max = 0, -1
	default:
		return nil
	}
	if len(rep.Sub) != 1 || rep.Sub[0].Op != syntax.OpCharClass {
		return nil
	}
	q.run, q.class = true, rep.Sub[0].Rune
	for c := range q.ascii {
		q.ascii[c] = inClass(q.class, rune(c))
	}
	return q
}

func (q *quickMatch) match(text []byte) bool {
	if len(text) < len(q.prefix) || string(text[:len(q.prefix)]) != q.prefix {
		return false
	}
	if !q.run {
		return true
	}
	n := 0
	for rest := text[len(q.prefix):]; len(rest) > 0; n++ {
		if c := rest[0]; c < utf8.RuneSelf {
			if !q.ascii[c] {
				return false
			}
			rest = rest[1:]
			continue
		}
		r, size := utf8.DecodeRune(rest)
		if !inClass(q.class, r) {
			return false
		}
		rest = rest[size:]
	}
	return n >= q.min && (q.max < 0 || n <= q.max)
}

func inClass(class []rune, r rune) bool {
	for i := 0; i+1 < len(class); i += 2 {
		if class[i] <= r && r <= class[i+1] {
			return true
		}
	}
	return false
}
