package py

import (
	"errors"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

var (
	// Python's int() text once normalised (numberText): ASCII digits,
	// single underscores between them, an optional sign.
	intRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[+-]?[0-9](?:_?[0-9])*$`) })
	// Python's float() text once normalised: decimal or scientific, inf, infinity, nan.
	floatRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^[+-]?(?:(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?|(?i:inf|infinity|nan))$`)
	})
)

// numberText is the text Python's int(s) and float(s) parse once they
// have normalised s (_PyUnicode_TransformDecimalAndSpaceToASCII): every
// Unicode decimal digit becomes its ASCII digit and every whitespace
// character a space, then surrounding spaces are stripped. So int(" 7\n"),
// int("٣") and float("１.５") all succeed, as a script's int()/float() of
// the value would.
func numberText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r < 0x80 && !isNumberSpace(r):
			b.WriteRune(r)
		case isNumberSpace(r):
			b.WriteByte(' ')
		default:
			if unicode.Is(unicode.Nd, r) {
				b.WriteByte(byte('0' + digitValue(r)))
			} else {
				b.WriteRune(r)
			}
		}
	}
	return strings.Trim(b.String(), " ")
}

// isNumberSpace is the whitespace int() and float() strip: Unicode
// White_Space (not the separators U+001C..U+001F that str.isspace adds).
func isNumberSpace(r rune) bool { return unicode.IsSpace(r) }

// IsInt reports whether Python's int(s) (base 10) accepts s.
func IsInt(s string) bool { return intRE().MatchString(numberText(s)) }

// IsFloat reports whether Python's float(s) accepts s.
func IsFloat(s string) bool { return floatRE().MatchString(numberText(s)) }

// ParseFloat is Python's float(s) of a str: what IsFloat accepts, read as
// the nearest double, with inf for a value too large ("1e999"), as MLflow's
// FileStore reads a metric file and as a Python caller would convert text.
// Unlike Go's strconv.ParseFloat it takes 1_000 and refuses 0x1p3. The
// error is Python's ValueError message.
func ParseFloat(s string) (float64, error) {
	t := numberText(s)
	if !floatRE().MatchString(t) {
		return 0, notFloat(s)
	}
	switch strings.ToLower(strings.TrimLeft(t, "+-")) {
	case "nan":
		return math.NaN(), nil
	case "inf", "infinity":
		if t[0] == '-' {
			return math.Inf(-1), nil
		}
		return math.Inf(1), nil
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(t, "_", ""), 64)
	if err != nil && !math.IsInf(f, 0) { // out of range is ±inf, as in Python; 1e-999 is 0
		return 0, notFloat(s)
	}
	return f, nil
}

func notFloat(s string) error { return errors.New("could not convert string to float: " + Repr(s)) }
