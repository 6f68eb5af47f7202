package catalog

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kfc-dev/kfc/internal/py"
)

// formatMap renders s as Python's s.format_map(named) does for the values
// a parse result holds (str and int). Kedro applies it to every string of
// a pattern's config that contains '}'. Errors carry Python's message.
func formatMap(s string, named map[string]value) (string, error) {
	return formatDepth([]rune(s), named, 2)
}

func formatDepth(rs []rune, named map[string]value, depth int) (string, error) {
	if depth <= 0 {
		return "", errors.New("Max string recursion exceeded")
	}
	var out strings.Builder
	pos := 0
	for pos < len(rs) {
		start, markup := pos, false
		var c rune
		for pos < len(rs) {
			c = rs[pos]
			pos++
			if c == '{' || c == '}' {
				markup = true
				break
			}
		}
		atEnd := pos >= len(rs)
		n := pos - start
		if markup && c == '}' && (atEnd || rs[pos] != '}') {
			return "", errors.New("Single '}' encountered in format string")
		}
		if markup && c == '{' && atEnd {
			return "", errors.New("Single '{' encountered in format string")
		}
		if markup {
			if rs[pos] == c { // `{{` or `}}`: one literal brace
				pos++
				markup = false
			} else {
				n--
			}
		}
		out.WriteString(string(rs[start : start+n]))
		if !markup {
			continue
		}
		f, next, err := parseField(rs, pos)
		if err != nil {
			return "", err
		}
		pos = next
		text, err := renderField(f, named, depth)
		if err != nil {
			return "", err
		}
		out.WriteString(text)
	}
	return out.String(), nil
}

// replField is one parsed replacement field: name[!conversion][:spec].
type replField struct {
	name   string
	conv   rune
	spec   string
	expand bool // the spec holds nested fields
}

// parseField is CPython's parse_field, reading from rs[pos:] just after
// the opening brace; it returns the position after the closing brace.
func parseField(rs []rune, pos int) (replField, int, error) {
	var f replField
	start := pos
	var c rune
	stopped := false
scan:
	for pos < len(rs) {
		c = rs[pos]
		pos++
		switch c {
		case '{':
			return f, pos, errors.New("unexpected '{' in field name")
		case '[':
			for pos < len(rs) && rs[pos] != ']' {
				pos++
			}
		case '}', ':', '!':
			stopped = true
			break scan
		}
	}
	if !stopped || c == '[' {
		return f, pos, errors.New("expected '}' before end of string")
	}
	f.name = string(rs[start : pos-1])
	if c == '}' {
		return f, pos, nil
	}
	if c == '!' {
		if pos >= len(rs) {
			return f, pos, errors.New("end of string while looking for conversion specifier")
		}
		f.conv = rs[pos]
		pos++
		if pos < len(rs) {
			c = rs[pos]
			pos++
			if c == '}' {
				return f, pos, nil
			}
			if c != ':' {
				return f, pos, errors.New("expected ':' after conversion specifier")
			}
		}
	}
	specStart, count := pos, 1
	for pos < len(rs) {
		c = rs[pos]
		pos++
		if c == '{' {
			f.expand = true
			count++
		} else if c == '}' {
			count--
			if count == 0 {
				f.spec = string(rs[specStart : pos-1])
				return f, pos, nil
			}
		}
	}
	return f, pos, errors.New("unmatched '{' in format spec")
}

// renderField looks the field up in named and formats it.
func renderField(f replField, named map[string]value, depth int) (string, error) {
	name := f.name
	first := name
	if k := strings.IndexAny(name, ".["); k >= 0 {
		first = name[:k]
	}
	if first == "" || isDecimal(first) {
		return "", errors.New("Format string contains positional fields")
	}
	v, ok := named[first]
	if !ok {
		return "", fmt.Errorf("KeyError: %s", py.Repr(first))
	}
	if first != name {
		return "", &UnsupportedError{Msg: fmt.Sprintf("%s reads an attribute or item of %s, which kfc does not evaluate", py.Repr(name), py.Repr(first))}
	}
	switch f.conv {
	case 0, 's':
	case 'r':
		v = value{text: v.repr()}
	case 'a':
		v = value{text: v.ascii()}
	default:
		return "", fmt.Errorf("Unknown conversion specifier %s", string(f.conv))
	}
	spec := f.spec
	if f.expand {
		var err error
		if spec, err = formatDepth([]rune(spec), named, depth-1); err != nil {
			return "", err
		}
	}
	return formatValue(v, spec)
}

// repr and ascii are Python's repr() and ascii() of the value.
func (v value) repr() string {
	if v.isInt {
		return v.n.String()
	}
	return py.Repr(v.text)
}

func (v value) ascii() string {
	if v.isInt {
		return v.n.String()
	}
	return py.ASCII(v.text)
}

func isDecimal(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// stdSpec is Python's standard format specifier.
type stdSpec struct {
	fill                  rune
	align                 rune
	sign                  rune
	alt, zero, coerce     bool
	width, precision      int
	hasPrecision          bool
	grouping              rune
	typ                   rune
	fillGiven, alignGiven bool
}

func parseStdSpec(spec string, kind string) (stdSpec, error) {
	rs := []rune(spec)
	s := stdSpec{fill: ' ', width: -1}
	p := 0
	if len(rs) >= 2 && isAlign(rs[1]) {
		s.fill, s.align, s.fillGiven, s.alignGiven = rs[0], rs[1], true, true
		p = 2
	} else if len(rs) >= 1 && isAlign(rs[0]) {
		s.align, s.alignGiven = rs[0], true
		p = 1
	}
	if p < len(rs) && (rs[p] == '+' || rs[p] == '-' || rs[p] == ' ') {
		s.sign = rs[p]
		p++
	}
	if p < len(rs) && rs[p] == 'z' {
		s.coerce = true
		p++
	}
	if p < len(rs) && rs[p] == '#' {
		s.alt = true
		p++
	}
	if !s.fillGiven && p < len(rs) && rs[p] == '0' {
		s.zero = true
		p++
	}
	w := p
	for p < len(rs) && rs[p] >= '0' && rs[p] <= '9' {
		p++
	}
	if p > w {
		n, err := strconv.Atoi(string(rs[w:p]))
		if err != nil {
			return s, errors.New("Too many decimal digits in format string")
		}
		s.width = n
	}
	if p < len(rs) && (rs[p] == ',' || rs[p] == '_') {
		s.grouping = rs[p]
		p++
	}
	if p < len(rs) && rs[p] == '.' {
		p++
		d := p
		for p < len(rs) && rs[p] >= '0' && rs[p] <= '9' {
			p++
		}
		if p == d {
			return s, errors.New("Format specifier missing precision")
		}
		n, err := strconv.Atoi(string(rs[d:p]))
		if err != nil {
			return s, errors.New("Too many decimal digits in format string")
		}
		s.precision, s.hasPrecision = n, true
	}
	if len(rs)-p > 1 {
		return s, fmt.Errorf("Invalid format specifier %s for object of type '%s'", py.Repr(spec), kind)
	}
	if p < len(rs) {
		s.typ = rs[p]
	}
	return s, nil
}

// formatValue is Python's format(value, spec) for str and int values.
func formatValue(v value, spec string) (string, error) {
	if spec == "" {
		return v.String(), nil
	}
	if v.isInt {
		return formatInt(v, spec)
	}
	s, err := parseStdSpec(spec, "str")
	if err != nil {
		return "", err
	}
	switch {
	case s.typ != 0 && s.typ != 's':
		return "", fmt.Errorf("Unknown format code '%c' for object of type 'str'", s.typ)
	case s.sign != 0:
		return "", errors.New("Sign not allowed in string format specifier")
	case s.alt:
		return "", errors.New("Alternate form (#) not allowed in string format specifier")
	case s.coerce:
		return "", errors.New("Negative zero coercion (z) not allowed in string format specifier")
	case s.align == '=':
		return "", errors.New("'=' alignment not allowed in string format specifier")
	case s.grouping != 0:
		return "", fmt.Errorf("Cannot specify '%c' with 's'.", s.grouping)
	}
	text := v.text
	if s.hasPrecision && utf8.RuneCountInString(text) > s.precision {
		text = string([]rune(text)[:s.precision])
	}
	if s.zero {
		s.fill = '0'
	}
	align := s.align
	if align == 0 {
		align = '<'
	}
	return pad(text, "", s.width, s.fill, align), nil
}

func formatInt(v value, spec string) (string, error) {
	s, err := parseStdSpec(spec, "int")
	if err != nil {
		return "", err
	}
	base, prefix := 10, ""
	switch s.typ {
	case 0, 'd':
	case 'x', 'X':
		base, prefix = 16, "0"+string(s.typ)
	case 'o':
		base, prefix = 8, "0o"
	case 'b':
		base, prefix = 2, "0b"
	default:
		return "", &UnsupportedError{Msg: fmt.Sprintf("kfc does not format integers with the type '%c'", s.typ)}
	}
	if s.hasPrecision {
		return "", errors.New("Precision not allowed in integer format specifier")
	}
	if s.coerce {
		return "", errors.New("Negative zero coercion (z) not allowed in integer format specifier")
	}
	if s.grouping == ',' && base != 10 {
		return "", fmt.Errorf("Cannot specify ',' with '%c'.", s.typ)
	}
	mag := new(big.Int).Abs(v.n).Text(base)
	if s.typ == 'X' {
		mag = strings.ToUpper(mag)
	}
	if s.grouping != 0 {
		size := 3
		if base != 10 {
			size = 4
		}
		mag = group(mag, size, s.grouping)
	}
	sign := ""
	switch {
	case v.n.Sign() < 0:
		sign = "-"
	case s.sign == '+':
		sign = "+"
	case s.sign == ' ':
		sign = " "
	}
	if s.alt {
		sign += prefix
	}
	align := s.align
	if s.zero {
		s.fill = '0'
		if !s.alignGiven {
			align = '='
		}
	}
	if align == 0 {
		align = '>'
	}
	return pad(mag, sign, s.width, s.fill, align), nil
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

// pad lays out sign+body in width columns.
func pad(body, sign string, width int, fill, align rune) string {
	n := utf8.RuneCountInString(sign) + utf8.RuneCountInString(body)
	if width <= n {
		return sign + body
	}
	fills := strings.Repeat(string(fill), width-n)
	switch align {
	case '<':
		return sign + body + fills
	case '^':
		left := (width - n) / 2
		return strings.Repeat(string(fill), left) + sign + body + strings.Repeat(string(fill), width-n-left)
	case '=':
		return sign + fills + body
	default:
		return fills + sign + body
	}
}
