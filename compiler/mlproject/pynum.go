package mlproject

import (
	"strings"
	"unicode"
)

// pyNumberText is the text Python's int(s) and float(s) parse once they
// have normalised s (_PyUnicode_TransformDecimalAndSpaceToASCII): every
// Unicode decimal digit becomes its ASCII digit and every whitespace
// character a space, then surrounding spaces are stripped. So int(" 7\n"),
// int("٣") and float("１.５") all succeed, as a script's int()/float() of
// the value would.
func pyNumberText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r < 0x80 && !isPySpace(r):
			b.WriteRune(r)
		case isPySpace(r):
			b.WriteByte(' ')
		default:
			if d, ok := decimalDigit(r); ok {
				b.WriteRune(d)
			} else {
				b.WriteRune(r)
			}
		}
	}
	return strings.Trim(b.String(), " ")
}

// isPySpace is the whitespace int() and float() strip: Unicode
// White_Space (not the separators U+001C..U+001F that str.isspace adds).
func isPySpace(r rune) bool { return unicode.IsSpace(r) }

// decimalDigit maps a Unicode decimal digit (category Nd) to its ASCII
// digit. Nd characters come in runs of whole 0..9 blocks, so the value is
// the distance from the start of the run, modulo 10.
func decimalDigit(r rune) (rune, bool) {
	if !unicode.Is(unicode.Nd, r) {
		return 0, false
	}
	start := r
	for unicode.Is(unicode.Nd, start-1) {
		start--
	}
	return '0' + (r-start)%10, true
}

// PyInt reports whether Python's int(s) (base 10) accepts s.
func PyInt(s string) bool { return intValueRE.MatchString(pyNumberText(s)) }

// PyFloat reports whether Python's float(s) accepts s.
func PyFloat(s string) bool { return floatValueRE.MatchString(pyNumberText(s)) }
