package py

import (
	"fmt"
	"math/big"
	"strings"
	"unicode"
)

// formatSpec is a standard format specifier as CPython's
// parse_internal_render_format_spec (Python/formatter_unicode.c) reads it:
// [[fill]align][sign][z][#][0][width][grouping][.precision][type].
type formatSpec struct {
	fill, align      rune
	fillSet          bool
	sign             rune // ' ', '+', '-' or 0
	noNegZero, alt   bool
	width, precision int // -1 when absent
	grouping, typ    rune
}

// parseSpec reads spec for an object of the type typeName whose default
// alignment is defaultAlign ('<' for str, '>' for int) and default
// presentation type defaultType. It returns Python's ValueError message, or "".
func parseSpec(spec, typeName string, defaultAlign, defaultType rune) (formatSpec, string) {
	f := formatSpec{fill: ' ', align: defaultAlign, width: -1, precision: -1, typ: defaultType}
	s := []rune(spec)
	pos := 0
	alignSet := false
	isAlign := func(r rune) bool { return r == '<' || r == '>' || r == '=' || r == '^' }
	if len(s) >= 2 && isAlign(s[1]) {
		f.fill, f.align, f.fillSet, alignSet = s[0], s[1], true, true
		pos = 2
	} else if len(s) >= 1 && isAlign(s[0]) {
		f.align, alignSet = s[0], true
		pos = 1
	}
	if pos < len(s) && (s[pos] == ' ' || s[pos] == '+' || s[pos] == '-') {
		f.sign = s[pos]
		pos++
	}
	if pos < len(s) && s[pos] == 'z' {
		f.noNegZero = true
		pos++
	}
	if pos < len(s) && s[pos] == '#' {
		f.alt = true
		pos++
	}
	if !f.fillSet && pos < len(s) && s[pos] == '0' {
		f.fill = '0'
		if !alignSet && defaultAlign == '>' {
			f.align = '='
		}
		pos++
	}
	width, n, tooBig := specInteger(s, &pos)
	if tooBig {
		return f, "Too many decimal digits in format string"
	}
	if n > 0 {
		f.width = width
	}
	if pos < len(s) && s[pos] == ',' {
		f.grouping = ','
		pos++
	}
	if pos < len(s) && s[pos] == '_' {
		if f.grouping != 0 {
			return f, "Cannot specify both ',' and '_'."
		}
		f.grouping = '_'
		pos++
	}
	if pos < len(s) && s[pos] == ',' && f.grouping == '_' {
		return f, "Cannot specify both ',' and '_'."
	}
	if pos < len(s) && s[pos] == '.' {
		pos++
		p, n, tooBig := specInteger(s, &pos)
		if tooBig {
			return f, "Too many decimal digits in format string"
		}
		if n == 0 {
			return f, "Format specifier missing precision"
		}
		f.precision = p
	}
	if len(s)-pos > 1 {
		return f, fmt.Sprintf("Invalid format specifier '%s' for object of type '%s'", spec, typeName)
	}
	if len(s)-pos == 1 {
		f.typ = s[pos]
	}
	if f.grouping != 0 {
		switch f.typ {
		case 'd', 'e', 'f', 'g', 'E', 'G', '%', 'F', 0:
		case 'b', 'o', 'x', 'X':
			if f.grouping != '_' {
				return f, fmt.Sprintf("Cannot specify ',' with '%c'.", f.typ)
			}
		default:
			return f, fmt.Sprintf("Cannot specify '%c' with '%s'.", f.grouping, presentationType(f.typ))
		}
	}
	return f, ""
}

// FormatStr is str.__format__(spec): only fill, align (<, >, ^), width,
// precision and type 's' make sense for a string. It returns Python's
// ValueError message, or "".
func FormatStr(val, spec string) (string, string) {
	if spec == "" {
		return val, ""
	}
	f, msg := parseSpec(spec, "str", '<', 's')
	if msg != "" {
		return "", msg
	}
	if f.typ != 's' {
		return "", fmt.Sprintf("Unknown format code '%s' for object of type 'str'", presentationType(f.typ))
	}
	switch {
	case f.sign == ' ':
		return "", "Space not allowed in string format specifier"
	case f.sign != 0:
		return "", "Sign not allowed in string format specifier"
	case f.noNegZero:
		return "", "Negative zero coercion (z) not allowed in string format specifier"
	case f.alt:
		return "", "Alternate form (#) not allowed in string format specifier"
	case f.align == '=':
		return "", "'=' alignment not allowed in string format specifier"
	}
	if f.width > maxFormatWidth || f.precision > maxFormatWidth {
		return "", fmt.Sprintf("kfc refuses a width or precision above %d", maxFormatWidth)
	}
	runes := []rune(val)
	if f.precision >= 0 && len(runes) > f.precision {
		runes = runes[:f.precision]
	}
	return pad(string(runes), "", len(runes), f), ""
}

// FormatInt is int.__format__(spec) for the presentation types kfc
// renders (d, b, o, x, X): sign, #, 0, width and grouping. unsupported is
// true for the types that need more of Python (c, n and the float ones);
// msg is then kfc's reason, otherwise Python's ValueError message, or "".
func FormatInt(n *big.Int, spec string) (out, msg string, unsupported bool) {
	if spec == "" {
		return n.String(), "", false
	}
	f, msg := parseSpec(spec, "int", '>', 'd')
	if msg != "" {
		return "", msg, false
	}
	base, prefix := 10, ""
	switch f.typ {
	case 'd':
	case 'x', 'X':
		base, prefix = 16, "0"+string(f.typ)
	case 'o':
		base, prefix = 8, "0o"
	case 'b':
		base, prefix = 2, "0b"
	case 'c', 'n', 'e', 'E', 'f', 'F', 'g', 'G', '%':
		return "", fmt.Sprintf("kfc does not format integers with the type '%c'", f.typ), true
	default:
		return "", fmt.Sprintf("Unknown format code '%s' for object of type 'int'", presentationType(f.typ)), false
	}
	if f.precision >= 0 {
		return "", "Precision not allowed in integer format specifier", false
	}
	if f.noNegZero {
		return "", "Negative zero coercion (z) not allowed in integer format specifier", false
	}
	if f.width > maxFormatWidth {
		return "", fmt.Sprintf("kfc refuses a width above %d", maxFormatWidth), false
	}
	digits := new(big.Int).Abs(n).Text(base)
	if f.typ == 'X' {
		digits = strings.ToUpper(digits)
	}
	if f.grouping != 0 {
		size := 3
		if base != 10 {
			size = 4
		}
		digits = group(digits, size, f.grouping)
	}
	sign := ""
	switch {
	case n.Sign() < 0:
		sign = "-"
	case f.sign == '+':
		sign = "+"
	case f.sign == ' ':
		sign = " "
	}
	if f.alt {
		sign += prefix
	}
	return pad(digits, sign, len([]rune(sign))+len(digits), f), "", false
}

func group(digits string, size int, sep rune) string {
	var b strings.Builder
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%size == 0 {
			b.WriteRune(sep)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// pad lays sign+body (n characters) out in f.width columns.
func pad(body, sign string, n int, f formatSpec) string {
	if f.width <= n {
		return sign + body
	}
	fill := string(f.fill)
	total := f.width - n
	switch f.align {
	case '<':
		return sign + body + strings.Repeat(fill, total)
	case '^':
		left := total / 2
		return strings.Repeat(fill, left) + sign + body + strings.Repeat(fill, total-left)
	case '=':
		return sign + strings.Repeat(fill, total) + body
	default:
		return strings.Repeat(fill, total) + sign + body
	}
}

// specInteger is CPython's get_integer inside a format spec: it reads
// decimal digits of any script and reports how many it read.
func specInteger(s []rune, pos *int) (value, n int, tooBig bool) {
	for *pos < len(s) && unicode.Is(unicode.Nd, s[*pos]) {
		d := digitValue(s[*pos])
		if value > (1<<62-d)/10 {
			return 0, n, true
		}
		value = value*10 + d
		*pos++
		n++
	}
	return value, n, false
}

// presentationType prints a type code as CPython's error messages do:
// printable ASCII as itself, anything else as \x.. escapes.
func presentationType(r rune) string {
	if r > 32 && r < 128 {
		return string(r)
	}
	return fmt.Sprintf("\\x%x", r)
}
