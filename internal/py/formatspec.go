package py

import (
	"fmt"
	"strings"
	"unicode"
)

// FormatStr is str.__format__(spec) (CPython's Python/formatter_unicode.c):
// [[fill]align][sign][z][#][0][width][grouping][.precision][type], where
// only fill, align (<, >, ^), width, precision and type 's' make sense for
// a string. It returns Python's ValueError message, or "".
func FormatStr(val, spec string) (string, string) {
	if spec == "" {
		return val, ""
	}
	s := []rune(spec)
	pos := 0
	fill, align := ' ', '<'
	fillSet := false
	isAlign := func(r rune) bool { return r == '<' || r == '>' || r == '=' || r == '^' }
	if len(s) >= 2 && isAlign(s[1]) {
		fill, align, fillSet = s[0], s[1], true
		pos = 2
	} else if len(s) >= 1 && isAlign(s[0]) {
		align = s[0]
		pos = 1
	}
	var sign rune
	if pos < len(s) && (s[pos] == ' ' || s[pos] == '+' || s[pos] == '-') {
		sign = s[pos]
		pos++
	}
	noNegZero := false
	if pos < len(s) && s[pos] == 'z' {
		noNegZero = true
		pos++
	}
	alternate := false
	if pos < len(s) && s[pos] == '#' {
		alternate = true
		pos++
	}
	if !fillSet && pos < len(s) && s[pos] == '0' {
		fill = '0' // strings align left by default, so no '=' here
		pos++
	}
	width, n, tooBig := specInteger(s, &pos)
	if tooBig {
		return "", "Too many decimal digits in format string"
	}
	if n == 0 {
		width = -1
	}
	grouping := rune(0)
	if pos < len(s) && s[pos] == ',' {
		grouping = ','
		pos++
	}
	if pos < len(s) && s[pos] == '_' {
		if grouping != 0 {
			return "", "Cannot specify both ',' and '_'."
		}
		grouping = '_'
		pos++
	}
	if pos < len(s) && s[pos] == ',' && grouping == '_' {
		return "", "Cannot specify both ',' and '_'."
	}
	precision := -1
	if pos < len(s) && s[pos] == '.' {
		pos++
		p, n, tooBig := specInteger(s, &pos)
		if tooBig {
			return "", "Too many decimal digits in format string"
		}
		if n == 0 {
			return "", "Format specifier missing precision"
		}
		precision = p
	}
	if len(s)-pos > 1 {
		return "", fmt.Sprintf("Invalid format specifier '%s' for object of type 'str'", spec)
	}
	typ := 's'
	if len(s)-pos == 1 {
		typ = s[pos]
	}
	if grouping != 0 {
		switch typ {
		case 'd', 'e', 'f', 'g', 'E', 'G', '%', 'F', 0:
		case 'b', 'o', 'x', 'X':
			if grouping != '_' {
				return "", fmt.Sprintf("Cannot specify ',' with '%c'.", typ)
			}
		default:
			return "", fmt.Sprintf("Cannot specify '%c' with '%s'.", grouping, presentationType(typ))
		}
	}
	if typ != 's' {
		return "", fmt.Sprintf("Unknown format code '%s' for object of type 'str'", presentationType(typ))
	}
	switch {
	case sign == ' ':
		return "", "Space not allowed in string format specifier"
	case sign != 0:
		return "", "Sign not allowed in string format specifier"
	case noNegZero:
		return "", "Negative zero coercion (z) not allowed in string format specifier"
	case alternate:
		return "", "Alternate form (#) not allowed in string format specifier"
	case align == '=':
		return "", "'=' alignment not allowed in string format specifier"
	}
	if width > maxFormatWidth || precision > maxFormatWidth {
		return "", fmt.Sprintf("kfc refuses a width or precision above %d", maxFormatWidth)
	}
	runes := []rune(val)
	if precision >= 0 && len(runes) > precision {
		runes = runes[:precision]
	}
	total := max(width, len(runes))
	pad := total - len(runes)
	left := 0
	switch align {
	case '>':
		left = pad
	case '^':
		left = pad / 2
	}
	f := string(fill)
	return strings.Repeat(f, left) + string(runes) + strings.Repeat(f, pad-left), ""
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
