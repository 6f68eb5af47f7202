package catalog

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kfc-dev/kfc/internal/py"
)

// formatSpec is parse's extract_format: [[fill]align][sign][0][width][grouping][.precision][type].
type formatSpec struct {
	fill, align  rune // 0 when absent
	width        string
	precision    string
	hasPrecision bool
	grouping     string
	typ          string
}

type fieldError struct {
	kind problemKind
	msg  string
}

// parse's ALLOWED_TYPES.
var allowedTypes = map[string]bool{
	"n": true, "b": true, "o": true, "x": true, "%": true, "f": true, "F": true, "e": true, "g": true,
	"w": true, "W": true, "d": true, "D": true, "s": true, "S": true, "l": true,
	"ti": true, "te": true, "tg": true, "ta": true, "th": true, "tc": true, "ts": true, "tt": true,
}

// strftime directives parse 1.20+ accepts inside a type (dt_format_to_regex).
var strftimeDirectives = []string{"%a", "%A", "%w", "%d", "%b", "%B", "%m", "%y", "%Y", "%H", "%I", "%p", "%M", "%S", "%f", "%z", "%Z", "%j", "%U", "%W"}

func isAlign(r rune) bool { return r == '<' || r == '>' || r == '=' || r == '^' }

func extractFormat(s string) (formatSpec, *fieldError) {
	var f formatSpec
	rs := []rune(s)
	switch {
	case len(rs) > 0 && isAlign(rs[0]):
		f.align, rs = rs[0], rs[1:]
	case len(rs) > 1 && isAlign(rs[1]):
		f.fill, f.align, rs = rs[0], rs[1], rs[2:]
	}
	if len(rs) > 0 && (rs[0] == '+' || rs[0] == '-' || rs[0] == ' ') {
		rs = rs[1:]
	}
	if len(rs) > 0 && rs[0] == '0' {
		rs = rs[1:]
	}
	for len(rs) > 0 && unicode.IsDigit(rs[0]) {
		f.width += string(rs[0])
		rs = rs[1:]
	}
	if len(rs) > 0 && (rs[0] == ',' || rs[0] == '_') {
		f.grouping, rs = string(rs[0]), rs[1:]
	}
	if len(rs) > 0 && rs[0] == '.' {
		f.hasPrecision = true
		rs = rs[1:]
		for len(rs) > 0 && unicode.IsDigit(rs[0]) {
			f.precision += string(rs[0])
			rs = rs[1:]
		}
	}
	f.typ = string(rs)
	if f.typ != "" && !allowedTypes[f.typ] && !containsStrftime(f.typ) {
		return f, &fieldError{Fatal, "format spec " + py.Repr(f.typ) + " not recognised (parse raises ValueError)"}
	}
	return f, nil
}

func containsStrftime(s string) bool {
	for _, d := range strftimeDirectives {
		if strings.Contains(s, d) {
			return true
		}
	}
	return false
}

// maxRepeat is the largest count Python's re accepts in {m,n}.
const maxRepeat = 4294967294

// repeatCount reads a width or precision as Python's re would inside {m,n}.
func repeatCount(digits string) (int, *fieldError) {
	for _, r := range digits {
		if r < '0' || r > '9' {
			return 0, &fieldError{Unsupported, "non-ASCII digits in a width or precision are not supported by kfc"}
		}
	}
	n, err := strconv.ParseUint(digits, 10, 64)
	if err != nil || n > maxRepeat {
		return 0, &fieldError{Fatal, "the repetition number is too large for Python's re (parse raises NotImplementedError)"}
	}
	return int(n), nil
}

// compileField builds the matcher of one placeholder the way parse's
// Parser._handle_field builds its regular expression.
func compileField(f Field) (*fieldProg, *fieldError) {
	fp := &fieldProg{field: f}
	if f.Spec == "" {
		fp.inner = []node{{kind: nRep, class: anyRune, min: 1, max: -1, lazy: true}}
		return fp, nil
	}
	spec, ferr := extractFormat(f.Spec)
	if ferr != nil {
		return nil, ferr
	}
	width := -1
	if spec.width != "" {
		w, err := repeatCount(spec.width)
		if err != nil {
			return nil, err
		}
		width = w
	}
	switch spec.typ {
	case "":
		lo, hi := 1, -1
		if spec.precision != "" {
			p, err := repeatCount(spec.precision)
			if err != nil {
				return nil, err
			}
			hi = p
			if width >= 0 {
				lo = width
			}
		} else if width >= 0 {
			lo = width
		}
		if hi >= 0 && lo > hi {
			return nil, &fieldError{Fatal, "the width is larger than the precision: Python's re rejects the repetition (parse raises NotImplementedError)"}
		}
		fp.inner = []node{{kind: nRep, class: anyRune, min: lo, max: hi, lazy: true}}
	case "l":
		fp.inner = []node{{kind: nRep, class: isASCIILetter, min: 1, max: -1}}
	case "w", "W", "s", "S", "D":
		fp.inner = []node{{kind: nRep, class: perlClass(spec.typ), min: 1, max: -1}}
	case "d":
		lo, hi := 1, -1
		if width >= 0 {
			hi = width
			if hi < 1 {
				return nil, &fieldError{Fatal, "a width of 0 gives Python's re the repetition {1,0} (parse raises NotImplementedError)"}
			}
		}
		sign := node{kind: nRep, class: isSign, min: 0, max: 1}
		digits := func(class func(rune) bool) node {
			return node{kind: nRep, class: withGrouping(class, spec.grouping), min: lo, max: hi}
		}
		// `0[xX]`: the pattern is compiled ignoring case, so a literal does.
		prefix := func(c rune) node { return node{kind: nLit, lit: []rune{'0', c}} }
		first := []node{sign, sign, digits(isASCIIDigit)}
		if spec.align == '=' {
			fill := spec.fill
			if fill == 0 {
				fill = '0'
			}
			if strings.ContainsRune(`.\+?*[](){}^$|`, fill) {
				return nil, &fieldError{Unsupported, "a regex-special fill with '=' alignment is not supported by kfc"}
			}
			first = []node{sign, {kind: nRep, class: isRune(fill), min: 0, max: -1}, sign, digits(isASCIIDigit)}
		}
		fp.inner = []node{{kind: nAlt, alts: [][]node{
			first,
			{sign, prefix('x'), digits(isHexDigit)},
			{sign, prefix('b'), digits(isBinDigit)},
			{sign, prefix('o'), digits(isOctDigit)},
		}}}
		fp.toInt = true
	default:
		return nil, &fieldError{Unsupported, "kfc does not support the parse type " + py.Repr(spec.typ) + " (supported: none, d, w, W, s, S, D, l); kfc does not match names against this pattern"}
	}
	fill := spec.fill
	if fill == 0 {
		fill = ' '
	}
	if fill == '|' && (spec.align != 0 || width >= 0) {
		return nil, &fieldError{Fatal, "'|' as fill makes parse's regular expression invalid (parse raises NotImplementedError)"}
	}
	align := spec.align
	if width >= 0 && align == 0 {
		align = '>'
	}
	pad := node{kind: nRep, class: isRune(fill), min: 0, max: -1}
	switch align {
	case '<':
		fp.post = []node{pad}
	case '>':
		fp.pre = []node{pad}
	case '^':
		fp.pre, fp.post = []node{pad}, []node{pad}
	}
	return fp, nil
}

func anyRune(rune) bool        { return true }
func isASCIIDigit(r rune) bool { return r >= '0' && r <= '9' }
func isHexDigit(r rune) bool {
	return isASCIIDigit(r) || (r >= 'a' && r <= 'f') || (r >= 'A' && r <= 'F')
}
func isBinDigit(r rune) bool    { return r == '0' || r == '1' }
func isOctDigit(r rune) bool    { return r >= '0' && r <= '7' }
func isSign(r rune) bool        { return r == '-' || r == '+' || r == ' ' }
func isASCIILetter(r rune) bool { return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') }
func isRune(c rune) func(rune) bool {
	return func(r rune) bool { return r == c }
}

func withGrouping(class func(rune) bool, grouping string) func(rune) bool {
	if grouping == "" {
		return class
	}
	g, _ := utf8.DecodeRuneInString(grouping)
	return func(r rune) bool { return r == g || class(r) }
}

// perlClass is Python's \w \W \s \S \D for str patterns.
func perlClass(t string) func(rune) bool {
	switch t {
	case "w":
		return py.IsWord
	case "W":
		return func(r rune) bool { return !py.IsWord(r) }
	case "s":
		return py.IsSpace
	case "S":
		return func(r rune) bool { return !py.IsSpace(r) }
	default: // "D"
		return func(r rune) bool { return !unicode.Is(unicode.Nd, r) }
	}
}
