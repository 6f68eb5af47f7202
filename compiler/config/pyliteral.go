package config

import (
	"strconv"
	"strings"
)

// pyValue is a Python expression as far as a static reader can know it:
// literals are decoded, anything else (calls, names, operators) is
// pyOpaque. Dict keys are kept even when the values are opaque, because
// custom_resolvers maps names to functions.
type pyValue struct {
	kind      pyKind
	line, col int
	str       string     // pyStr; for pyOpaque, the dotted name if the expression is only one
	num       float64    // pyNumber
	boolean   bool       // pyBool
	keys      []*pyValue // pyDict
	vals      []*pyValue // pyDict
	items     []*pyValue // pyList (list, tuple or set)
	spread    bool       // pyDict: had a `**other` entry, so its keys are not all known
}

type pyKind uint8

const (
	pyOpaque pyKind = iota
	pyStr
	pyNumber
	pyBool
	pyNone
	pyDict
	pyList
)

func (k pyKind) String() string {
	return [...]string{"an expression kfc cannot evaluate", "a string", "a number", "a boolean", "None", "a dict", "a list"}[k]
}

// get returns the value of a string key of a dict, or nil.
func (v *pyValue) get(key string) *pyValue {
	if v == nil || v.kind != pyDict {
		return nil
	}
	var found *pyValue
	for i, k := range v.keys {
		if k.kind == pyStr && k.str == key {
			found = v.vals[i] // Python keeps the last duplicate
		}
	}
	return found
}

// pyModule holds the module-level assignments of a Python file: for each
// name, its last literal-readable assignment (subscript assignments
// `NAME["k"] = v` update a dict assigned earlier).
type pyModule struct {
	assigns map[string]*pyValue
}

type pyParser struct {
	toks []pyToken
	i    int
}

// readPyModule reads the module-level assignments of src. It never fails.
func readPyModule(src string) *pyModule {
	p := &pyParser{toks: pyTokenize(src)}
	m := &pyModule{assigns: map[string]*pyValue{}}
	for p.peek().kind != pyTokEOF {
		p.statement(m)
	}
	return m
}

func (p *pyParser) peek() pyToken { return p.toks[p.i] }

func (p *pyParser) peekN(n int) pyToken {
	if p.i+n < len(p.toks) {
		return p.toks[p.i+n]
	}
	return p.toks[len(p.toks)-1]
}

func (p *pyParser) next() pyToken {
	t := p.toks[p.i]
	if t.kind != pyTokEOF {
		p.i++
	}
	return t
}

func (p *pyParser) isOp(text string) bool {
	t := p.peek()
	return t.kind == pyTokOp && t.text == text
}

// skipLine moves past the end of the current logical line.
func (p *pyParser) skipLine() {
	for {
		t := p.next()
		if t.kind == pyTokNewline || t.kind == pyTokEOF {
			return
		}
	}
}

func (p *pyParser) statement(m *pyModule) {
	t := p.peek()
	// Only unindented statements are module-level assignments.
	if t.kind != pyTokName || !t.lineStart || t.col != 1 {
		p.skipLine()
		return
	}
	name := p.next().text
	var subKey *pyValue
	switch {
	case p.isOp("[") && p.peekN(1).kind == pyTokString && p.peekN(2).kind == pyTokOp && p.peekN(2).text == "]":
		p.next()
		subKey = p.primary()
		p.next()
	case p.isOp(":"): // annotated assignment: NAME: type = value
		p.next()
		for t := p.peek(); t.kind != pyTokNewline && t.kind != pyTokEOF && !(t.kind == pyTokOp && t.text == "="); t = p.peek() {
			p.next()
		}
	}
	if !p.isOp("=") {
		p.skipLine()
		return
	}
	p.next()
	v := p.expr(false)
	if !(p.peek().kind == pyTokNewline || p.peek().kind == pyTokEOF) {
		// a chained or otherwise unusual assignment: keep nothing from it
		v = &pyValue{kind: pyOpaque, line: v.line, col: v.col}
	}
	p.skipLine()
	if subKey == nil {
		m.assigns[name] = v
		return
	}
	if d := m.assigns[name]; d != nil && d.kind == pyDict && subKey.kind == pyStr {
		d.keys = append(d.keys, subKey)
		d.vals = append(d.vals, v)
	}
}

// atEnd reports whether the next token ends an expression.
func (p *pyParser) atEnd(stopAtColon bool) bool {
	t := p.peek()
	switch t.kind {
	case pyTokNewline, pyTokEOF:
		return true
	case pyTokOp:
		switch t.text {
		case ",", ")", "]", "}":
			return true
		case ":":
			return stopAtColon
		}
	}
	return false
}

// skipExpr moves past the rest of an expression: to the next `,` or
// closing bracket at this nesting level (or `:` when stopAtColon).
func (p *pyParser) skipExpr(stopAtColon bool) {
	depth := 0
	for {
		t := p.peek()
		if t.kind == pyTokNewline || t.kind == pyTokEOF {
			return
		}
		if t.kind == pyTokOp {
			switch t.text {
			case "(", "[", "{":
				depth++
			case ")", "]", "}":
				if depth == 0 {
					return
				}
				depth--
			case ",":
				if depth == 0 {
					return
				}
			case ":":
				if depth == 0 && stopAtColon {
					return
				}
			}
		}
		p.next()
	}
}

// expr reads one expression; anything but a bare literal is opaque.
func (p *pyParser) expr(stopAtColon bool) *pyValue {
	t := p.peek()
	if p.atEnd(stopAtColon) {
		return &pyValue{kind: pyOpaque, line: t.line, col: t.col}
	}
	v := p.primary()
	if !p.atEnd(stopAtColon) {
		p.skipExpr(stopAtColon)
		return &pyValue{kind: pyOpaque, line: t.line, col: t.col}
	}
	return v
}

func (p *pyParser) primary() *pyValue {
	t := p.next()
	v := &pyValue{kind: pyOpaque, line: t.line, col: t.col}
	switch t.kind {
	case pyTokString:
		v.kind, v.str = pyStr, t.text
		literal := t.literal
		for p.peek().kind == pyTokString { // implicit concatenation
			n := p.next()
			v.str += n.text
			literal = literal && n.literal
		}
		if !literal {
			v.kind, v.str = pyOpaque, ""
		}
	case pyTokNumber:
		if f, ok := parsePyNumber(t.text); ok {
			v.kind, v.num = pyNumber, f
		}
	case pyTokName:
		switch t.text {
		case "True", "False":
			v.kind, v.boolean = pyBool, t.text == "True"
		case "None":
			v.kind = pyNone
		case "dict":
			if p.isOp("(") {
				p.next()
				p.kwargs(v)
				return v
			}
			v.str = t.text
		default:
			v.str = p.dottedName(t.text)
		}
	case pyTokOp:
		switch t.text {
		case "{":
			p.dictOrSet(v)
		case "[":
			_ = p.sequence(v, "]")
		case "(":
			if commas := p.sequence(v, ")"); commas == 0 && len(v.items) == 1 && !v.spread {
				return v.items[0] // (x) is x; (x,) is a tuple
			}
		case "-", "+":
			if p.peek().kind == pyTokNumber {
				if f, ok := parsePyNumber(p.next().text); ok {
					v.kind, v.num = pyNumber, f
					if t.text == "-" {
						v.num = -f
					}
				}
			}
		}
	}
	return v
}

// dottedName reads `.name` parts after a name; the result is the dotted
// name when nothing else follows, else "".
func (p *pyParser) dottedName(first string) string {
	name := first
	for p.isOp(".") && p.peekN(1).kind == pyTokName {
		p.next()
		name += "." + p.next().text
	}
	return name
}

func (p *pyParser) dictOrSet(v *pyValue) {
	v.kind = pyDict
	isSet := false
	for {
		if p.isOp("}") {
			p.next()
			break
		}
		if t := p.peek(); t.kind == pyTokNewline || t.kind == pyTokEOF {
			break
		}
		if p.isOp("**") {
			p.next()
			p.skipExpr(false)
			v.spread = true
		} else {
			k := p.expr(true)
			if p.isOp(":") {
				p.next()
				v.keys = append(v.keys, k)
				v.vals = append(v.vals, p.expr(false))
			} else {
				isSet = true
				v.items = append(v.items, k)
			}
		}
		if p.isOp(",") {
			p.next()
		} else if !p.isOp("}") {
			p.skipExpr(false)
			if !p.isOp(",") && !p.isOp("}") {
				p.next() // a stray closer: give up on this dict
				break
			}
		}
	}
	if isSet && len(v.keys) == 0 {
		v.kind = pyList
	}
}

// sequence reads a list, tuple or parenthesised expression up to closer
// and returns how many top-level commas it held.
func (p *pyParser) sequence(v *pyValue, closer string) int {
	v.kind = pyList
	commas := 0
	for {
		if p.isOp(closer) {
			p.next()
			break
		}
		if t := p.peek(); t.kind == pyTokNewline || t.kind == pyTokEOF {
			break
		}
		if p.isOp("*") {
			p.next()
			p.skipExpr(false)
			v.spread = true
		} else {
			v.items = append(v.items, p.expr(false))
		}
		if p.isOp(",") {
			p.next()
			commas++
		} else if !p.isOp(closer) {
			p.skipExpr(false)
			if !p.isOp(",") && !p.isOp(closer) {
				p.next()
				break
			}
		}
	}
	return commas
}

// kwargs reads the arguments of dict(...) as a dict.
func (p *pyParser) kwargs(v *pyValue) {
	v.kind = pyDict
	for {
		if p.isOp(")") {
			p.next()
			return
		}
		if t := p.peek(); t.kind == pyTokNewline || t.kind == pyTokEOF {
			return
		}
		if p.peek().kind == pyTokName && p.peekN(1).kind == pyTokOp && p.peekN(1).text == "=" {
			k := p.next()
			p.next()
			v.keys = append(v.keys, &pyValue{kind: pyStr, str: k.text, line: k.line, col: k.col})
			v.vals = append(v.vals, p.expr(false))
		} else {
			p.skipExpr(false) // a positional mapping or **spread
			v.spread = true
		}
		if p.isOp(",") {
			p.next()
		} else if !p.isOp(")") {
			p.skipExpr(false)
			if !p.isOp(",") && !p.isOp(")") {
				p.next()
				return
			}
		}
	}
}

func parsePyNumber(s string) (float64, bool) {
	s = strings.ReplaceAll(s, "_", "")
	ls := strings.ToLower(s)
	if strings.HasPrefix(ls, "0x") || strings.HasPrefix(ls, "0o") || strings.HasPrefix(ls, "0b") {
		n, err := strconv.ParseInt(ls, 0, 64)
		return float64(n), err == nil
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}
