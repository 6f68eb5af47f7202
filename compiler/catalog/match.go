package catalog

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/kfc-dev/kfc/internal/py"
)

// value is what parse puts in Result.named: text, or an int for `:d`.
type value struct {
	text  string
	isInt bool
	n     *big.Int
}

// String is Python's str() of the value.
func (v value) String() string {
	if v.isInt {
		return v.n.String()
	}
	return v.text
}

// Match reports whether name matches the dataset factory pattern the way
// Kedro's parse.parse(pattern, name) does (whole name, ignoring case, lazy
// placeholders) and returns the named captures as Python's str() of them:
// the text as written in name, or the number for `{x:d}`. It returns
// ok == false for a pattern kfc cannot evaluate (see Problems).
func Match(pattern, name string) (captures map[string]string, ok bool) {
	prog, _ := compile(pattern)
	if prog == nil {
		return nil, false
	}
	vals, ok, err := prog.captures(name)
	if !ok || err != nil {
		return nil, false
	}
	out := make(map[string]string, len(vals))
	for k, v := range vals {
		out[k] = v.String()
	}
	return out, true
}

// captures matches name and converts the named groups as parse does. err
// is set (with ok true: resolution stops here) when parse itself would
// raise while converting (int_convert on a capture with no digits) or
// when kfc gives up on a pathological back-referencing pattern.
func (p *program) captures(name string) (map[string]value, bool, error) {
	spans, s, ok, err := p.match(name)
	if err != nil {
		return nil, true, err
	}
	if !ok {
		return nil, false, nil
	}
	vals := map[string]value{}
	for _, el := range p.elems {
		f := el.field
		if f == nil {
			continue
		}
		text := ""
		if f.field.Named {
			sp := spans[f.field.Name]
			text = string(s[sp.start:sp.end])
		}
		if !f.toInt {
			if f.field.Named {
				vals[f.field.Name] = value{text: text}
			}
			continue
		}
		if !f.field.Named {
			// Anonymous `{:d}`: parse still converts it; only a failure matters.
			continue
		}
		n, err := intConvert(text)
		if err != nil {
			return nil, true, err
		}
		vals[f.field.Name] = value{isInt: true, n: n}
	}
	return vals, true, nil
}

// intConvert is parse's int_convert() with the base detected from a
// 0b/0o/0x prefix; every character that is not a digit of the base is
// dropped before Python's int() reads the rest.
func intConvert(s string) (*big.Int, error) {
	rs := []rune(s)
	sign, start := 1, 0
	if len(rs) > 0 && rs[0] == '-' {
		sign, start = -1, 1
	} else if len(rs) > 0 && rs[0] == '+' {
		start = 1
	}
	base := 10
	if start < len(rs) && rs[start] == '0' && len(rs)-start > 2 {
		switch rs[start+1] {
		case 'b', 'B':
			base = 2
		case 'o', 'O':
			base = 8
		case 'x', 'X':
			base = 16
		}
	}
	digits := "0123456789abcdefghijklmnopqrstuvwxyz"[:base]
	var kept strings.Builder
	for _, r := range strings.ToLower(s) {
		if strings.ContainsRune(digits, r) {
			kept.WriteRune(r)
		}
	}
	n, ok := new(big.Int).SetString(kept.String(), base)
	if !ok {
		return nil, fmt.Errorf("invalid literal for int() with base %d: %s", base, py.Repr(kept.String()))
	}
	if sign < 0 {
		n.Neg(n)
	}
	return n, nil
}
