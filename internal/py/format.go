package py

import (
	"fmt"
	"math/big"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file reproduces Python's str.format as MLflow uses it,
// `command.format(**params)` with only keyword arguments, every value a
// (shell-quoted) str, and str.format_map as Kedro resolves a dataset
// factory, with str and int values. It follows CPython's Objects/stringlib/unicode_format.h
// step by step, so the same template fails the same way, with the same
// exception, in the same left-to-right order.

// FormatError is a str.format failure. Kind names the Python exception
// (KeyError, IndexError, ValueError, TypeError) or "Unsupported" for the
// one thing kfc refuses although Python allows it: attribute access such as
// {x.upper}, whose result is a bound method's repr with a memory address.
type FormatError struct {
	Offset int    // byte offset in the template of the '{' (or stray '}') at fault
	Kind   string // Python exception class, or "Unsupported"
	Msg    string // Python's message (for KeyError: the missing key)
}

func (e *FormatError) Error() string {
	if e.Kind == "KeyError" {
		return "KeyError: " + Repr(e.Msg)
	}
	return e.Kind + ": " + e.Msg
}

// maxFormatWidth bounds widths and precisions: Python would try to build
// a string that long; kfc refuses instead of exhausting memory.
const maxFormatWidth = 1 << 16

// Markup is one step of CPython's MarkupIterator: literal text, then
// optionally a replacement field.
type Markup struct {
	Literal string
	Field   *Field
}

// Field is a replacement field as parse_field splits it.
type Field struct {
	Offset     int    // offset of '{' in the whole template
	End        int    // offset just past the closing '}'
	Name       string // field_name: arg name plus .attr / [index] parts
	NameOffset int
	Conversion rune // 0 when absent
	HasConv    bool
	Spec       string
	SpecOffset int
	ExpandSpec bool // the spec holds '{': it is a template itself
}

// ScanFormat splits a template into markup steps. It stops at the first
// syntax error, which Python raises only after processing the steps before
// it, so callers handle the returned steps first and then the error.
func ScanFormat(s string, base int) ([]Markup, *FormatError) {
	var out []Markup
	pos := 0
	for pos < len(s) {
		start := pos
		var c byte
		markupFollows := false
		for pos < len(s) {
			c = s[pos]
			pos++
			if c == '{' || c == '}' {
				markupFollows = true
				break
			}
		}
		atEnd := pos >= len(s)
		n := pos - start
		if markupFollows && c == '}' && (atEnd || s[pos] != '}') {
			return out, &FormatError{base + pos - 1, "ValueError", "Single '}' encountered in format string"}
		}
		if markupFollows && atEnd && c == '{' {
			return out, &FormatError{base + pos - 1, "ValueError", "Single '{' encountered in format string"}
		}
		if markupFollows {
			if s[pos] == c { // doubled brace: a literal one
				pos++
				markupFollows = false
			} else {
				n--
			}
		}
		m := Markup{Literal: s[start : start+n]}
		if markupFollows {
			f, next, err := parseField(s, pos, base)
			if err != nil {
				out = append(out, m)
				return out, err
			}
			m.Field = f
			pos = next
		}
		out = append(out, m)
	}
	return out, nil
}

// parseField is CPython's parse_field; pos is just after the '{'.
func parseField(s string, pos, base int) (*Field, int, *FormatError) {
	f := &Field{Offset: base + pos - 1, NameOffset: base + pos}
	nameStart := pos
	var c byte
	for pos < len(s) {
		c = s[pos]
		pos++
		if c == '{' {
			return nil, pos, &FormatError{f.Offset, "ValueError", "unexpected '{' in field name"}
		}
		if c == '[' {
			for pos < len(s) && s[pos] != ']' {
				pos++
			}
			continue
		}
		if c == '}' || c == ':' || c == '!' {
			break
		}
	}
	if pos-1 >= nameStart {
		f.Name = s[nameStart : pos-1]
	}
	if c != '!' && c != ':' {
		if c != '}' || pos > len(s) {
			return nil, pos, &FormatError{f.Offset, "ValueError", "expected '}' before end of string"}
		}
		f.End = base + pos
		return f, pos, nil
	}
	if c == '!' {
		if pos >= len(s) {
			return nil, pos, &FormatError{f.Offset, "ValueError", "end of string while looking for conversion specifier"}
		}
		r, size := utf8.DecodeRuneInString(s[pos:])
		f.Conversion, f.HasConv = r, true
		pos += size
		if pos < len(s) {
			c = s[pos]
			pos++
			if c == '}' {
				f.End = base + pos
				return f, pos, nil
			}
			if c != ':' {
				return nil, pos, &FormatError{f.Offset, "ValueError", "expected ':' after conversion specifier"}
			}
		}
	}
	specStart := pos
	f.SpecOffset = base + pos
	depth := 1
	for pos < len(s) {
		c = s[pos]
		pos++
		switch c {
		case '{':
			f.ExpandSpec = true
			depth++
		case '}':
			depth--
			if depth == 0 {
				f.Spec = s[specStart : pos-1]
				f.End = base + pos
				return f, pos, nil
			}
		}
	}
	return nil, pos, &FormatError{f.Offset, "ValueError", "unmatched '{' in format spec"}
}

// formatter evaluates a template against keyword values.
type formatter struct {
	lookup      func(name string) (Arg, bool)
	mapping     bool // format_map: a positional field is a ValueError
	noAccessors bool // refuse .attr and [index] parts (Kind "Unsupported")
}

// Arg is a value a template substitutes: a str, or an int when Int is set.
type Arg struct {
	Text string
	Int  *big.Int
}

// Format is `template.format(**values)` for str values, as MLflow renders
// an entry point's command.
func Format(template string, values map[string]string) (string, error) {
	f := formatter{lookup: func(name string) (Arg, bool) {
		v, ok := values[name]
		return Arg{Text: v}, ok
	}}
	out, err := f.build(template, 0, 2)
	if err != nil {
		return "", err
	}
	return out, nil
}

// FormatMap is `template.format_map(values)` for str and int values, as
// Kedro resolves a dataset factory's config with what parse captured. kfc
// evaluates no .attr or [index] part of a field: a FormatError of Kind
// "Unsupported" says so.
func FormatMap(template string, values map[string]Arg) (string, error) {
	f := formatter{mapping: true, noAccessors: true, lookup: func(name string) (Arg, bool) {
		v, ok := values[name]
		return v, ok
	}}
	out, err := f.build(template, 0, 2)
	if err != nil {
		return "", err
	}
	return out, nil
}

// build is CPython's build_string: depth 2 at the top, so a format spec
// may hold fields but the fields inside it may not hold more.
func (fm formatter) build(template string, base, depth int) (string, *FormatError) {
	if depth <= 0 {
		return "", &FormatError{base, "ValueError", "Max string recursion exceeded"}
	}
	steps, scanErr := ScanFormat(template, base)
	var b strings.Builder
	for _, m := range steps {
		b.WriteString(m.Literal)
		if m.Field == nil {
			continue
		}
		s, err := fm.field(m.Field, depth)
		if err != nil {
			return "", err
		}
		b.WriteString(s)
	}
	if scanErr != nil {
		return "", scanErr
	}
	return b.String(), nil
}

// field evaluates one replacement field in CPython's order: name lookup,
// then .attr/[index] parts, conversion, spec expansion, rendering.
func (fm formatter) field(f *Field, depth int) (string, *FormatError) {
	first, rest := SplitFieldName(f.Name)
	if IsPositional(first) {
		idx, ok := decimalValue(first)
		switch {
		case !ok:
			return "", &FormatError{f.Offset, "ValueError", "Too many decimal digits in format string"}
		case fm.mapping:
			return "", &FormatError{f.Offset, "ValueError", "Format string contains positional fields"}
		}
		return "", &FormatError{f.Offset, "IndexError", fmt.Sprintf("Replacement index %d out of range for positional args tuple", idx)}
	}
	val, ok := fm.lookup(first)
	if !ok {
		return "", &FormatError{f.Offset, "KeyError", first}
	}
	if rest != "" {
		if fm.noAccessors || val.Int != nil {
			return "", &FormatError{f.Offset, "Unsupported", fmt.Sprintf("%s reads an attribute or item of %s, which kfc does not evaluate", Repr(f.Name), Repr(first))}
		}
		text, err := ApplyAccessors(val.Text, rest, f.Offset)
		if err != nil {
			return "", err
		}
		val = Arg{Text: text}
	}
	if f.HasConv {
		switch f.Conversion {
		case 's':
			val = Arg{Text: val.str()}
		case 'r':
			val = Arg{Text: val.repr()}
		case 'a':
			val = Arg{Text: val.ascii()}
		default:
			msg := fmt.Sprintf("Unknown conversion specifier %c", f.Conversion)
			if f.Conversion <= 32 || f.Conversion >= 127 {
				msg = fmt.Sprintf("Unknown conversion specifier \\x%x", f.Conversion)
			}
			return "", &FormatError{f.Offset, "ValueError", msg}
		}
	}
	spec := f.Spec
	if f.ExpandSpec {
		var err *FormatError
		spec, err = fm.build(f.Spec, f.SpecOffset, depth-1)
		if err != nil {
			return "", err
		}
	}
	if val.Int != nil {
		out, msg, unsupported := FormatInt(val.Int, spec)
		switch {
		case unsupported:
			return "", &FormatError{f.Offset, "Unsupported", msg}
		case msg != "":
			return "", &FormatError{f.Offset, "ValueError", msg}
		}
		return out, nil
	}
	out, msg := FormatStr(val.Text, spec)
	if msg != "" {
		return "", &FormatError{f.Offset, "ValueError", msg}
	}
	return out, nil
}

// str, repr and ascii are Python's str(), repr() and ascii() of the value.
func (a Arg) str() string {
	if a.Int != nil {
		return a.Int.String()
	}
	return a.Text
}

func (a Arg) repr() string {
	if a.Int != nil {
		return a.Int.String()
	}
	return Repr(a.Text)
}

func (a Arg) ascii() string {
	if a.Int != nil {
		return a.Int.String()
	}
	return ASCII(a.Text)
}

// SplitFieldName cuts the arg name off at the first '.' or '['.
func SplitFieldName(name string) (first, rest string) {
	if i := strings.IndexAny(name, ".["); i >= 0 {
		return name[:i], name[i:]
	}
	return name, ""
}

// IsPositional reports whether an arg name selects a positional argument:
// empty (automatic numbering) or all decimal digits (any script's, as
// Py_UNICODE_TODECIMAL accepts). MLflow passes none, so these always fail.
func IsPositional(s string) bool {
	if s == "" {
		return true
	}
	for _, r := range s {
		if !unicode.Is(unicode.Nd, r) {
			return false
		}
	}
	return true
}

// decimalValue is CPython's get_integer on an all-digit string; ok is false
// on overflow of a Py_ssize_t. The empty string is 0 (automatic numbering).
func decimalValue(s string) (int64, bool) {
	const maxSsize = 1<<63 - 1
	var v int64
	for _, r := range s {
		d := int64(digitValue(r))
		if v > (maxSsize-d)/10 {
			return 0, false
		}
		v = v*10 + d
	}
	return v, true
}

// digitValue is the value of a Unicode decimal digit: each Nd range in the
// Unicode tables is a run of whole 0-9 sequences.
func digitValue(r rune) int {
	if '0' <= r && r <= '9' {
		return int(r - '0')
	}
	for _, rg := range unicode.Nd.R16 {
		if rune(rg.Lo) <= r && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if rune(rg.Lo) <= r && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10
		}
	}
	return 0
}

// ApplyAccessors walks the ".attr" and "[index]" parts after the arg name
// (CPython's FieldNameIterator) over a str value.
func ApplyAccessors(val, rest string, offset int) (string, *FormatError) {
	for rest != "" {
		switch rest[0] {
		case '.':
			rest = rest[1:]
			end := strings.IndexAny(rest, ".[")
			if end < 0 {
				end = len(rest)
			}
			attr := rest[:end]
			if attr == "" {
				return "", &FormatError{offset, "ValueError", "Empty attribute in format string"}
			}
			return "", &FormatError{offset, "Unsupported", fmt.Sprintf("attribute access .%s is not supported (Python would substitute an attribute of the quoted string)", attr)}
		case '[':
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return "", &FormatError{offset, "ValueError", "Missing ']' in format string"}
			}
			key := rest[1:end]
			rest = rest[end+1:]
			if key == "" {
				return "", &FormatError{offset, "ValueError", "Empty attribute in format string"}
			}
			if !IsPositional(key) {
				return "", &FormatError{offset, "TypeError", "string indices must be integers, not 'str'"}
			}
			idx, ok := decimalValue(key)
			if !ok {
				return "", &FormatError{offset, "ValueError", "Too many decimal digits in format string"}
			}
			runes := []rune(val)
			if idx >= int64(len(runes)) {
				return "", &FormatError{offset, "IndexError", "string index out of range"}
			}
			val = string(runes[idx])
		default:
			return "", &FormatError{offset, "ValueError", "Only '.' or '[' may follow ']' in format field specifier"}
		}
	}
	return val, nil
}
