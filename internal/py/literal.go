package py

import (
	"strconv"
	"strings"
)

// Value is a Python expression as far as a static reader can know it:
// literals are decoded, anything else (calls, names, operators) is
// Opaque. Dict keys are kept even when the values are opaque, because
// custom_resolvers maps names to functions.
type Value struct {
	Kind      Kind
	Line, Col int
	Text      string   // String; for Opaque, the dotted name if the expression is only one
	Num       float64  // Number
	Bool      bool     // Bool
	Keys      []*Value // Dict
	Vals      []*Value // Dict
	Items     []*Value // List (list, tuple or set)
	Spread    bool     // Dict: had a `**other` entry, so its keys are not all known
}

// Kind is what a Value holds; String() names it for a message.
type Kind uint8

const (
	Opaque Kind = iota
	String
	Number
	Bool
	None
	Dict
	List
)

func (k Kind) String() string {
	return [...]string{"an expression kfc cannot evaluate", "a string", "a number", "a boolean", "None", "a dict", "a list"}[k]
}

// Get returns the value of a string key of a dict, or nil.
func (v *Value) Get(key string) *Value {
	if v == nil || v.Kind != Dict {
		return nil
	}
	var found *Value
	for i, k := range v.Keys {
		if k.Kind == String && k.Text == key {
			found = v.Vals[i] // Python keeps the last duplicate
		}
	}
	return found
}

// Module holds the module-level assignments of a Python file: for each
// name, its last literal-readable assignment (subscript assignments
// `NAME["k"] = v` update a dict assigned earlier).
type Module struct {
	Assigns map[string]*Value
}

type parser struct {
	toks []token
	i    int
}

// ReadModule reads the module-level assignments of src. It never fails.
func ReadModule(src string) *Module {
	p := &parser{toks: tokenize(src)}
	m := &Module{Assigns: map[string]*Value{}}
	for p.peek().kind != tokEOF {
		p.statement(m)
	}
	return m
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) peekN(n int) token {
	if p.i+n < len(p.toks) {
		return p.toks[p.i+n]
	}
	return p.toks[len(p.toks)-1]
}

func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tokEOF {
		p.i++
	}
	return t
}

func (p *parser) isOp(text string) bool {
	t := p.peek()
	return t.kind == tokOp && t.text == text
}

// skipLine moves past the end of the current logical line.
func (p *parser) skipLine() {
	for {
		t := p.next()
		if t.kind == tokNewline || t.kind == tokEOF {
			return
		}
	}
}

func (p *parser) statement(m *Module) {
	t := p.peek()
	// Only unindented statements are module-level assignments.
	if t.kind != tokName || !t.lineStart || t.col != 1 {
		p.skipLine()
		return
	}
	name := p.next().text
	var subKey *Value
	switch {
	case p.isOp("[") && p.peekN(1).kind == tokString && p.peekN(2).kind == tokOp && p.peekN(2).text == "]":
		p.next()
		subKey = p.primary()
		p.next()
	case p.isOp(":"): // annotated assignment: NAME: type = value
		p.next()
		for t := p.peek(); t.kind != tokNewline && t.kind != tokEOF && !(t.kind == tokOp && t.text == "="); t = p.peek() {
			p.next()
		}
	}
	if !p.isOp("=") {
		p.skipLine()
		return
	}
	p.next()
	v := p.expr(false)
	if !(p.peek().kind == tokNewline || p.peek().kind == tokEOF) {
		// a chained or otherwise unusual assignment: keep nothing from it
		v = &Value{Kind: Opaque, Line: v.Line, Col: v.Col}
	}
	p.skipLine()
	if subKey == nil {
		m.Assigns[name] = v
		return
	}
	if d := m.Assigns[name]; d != nil && d.Kind == Dict && subKey.Kind == String {
		d.Keys = append(d.Keys, subKey)
		d.Vals = append(d.Vals, v)
	}
}

// atEnd reports whether the next token ends an expression.
func (p *parser) atEnd(stopAtColon bool) bool {
	t := p.peek()
	switch t.kind {
	case tokNewline, tokEOF:
		return true
	case tokOp:
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
func (p *parser) skipExpr(stopAtColon bool) {
	depth := 0
	for {
		t := p.peek()
		if t.kind == tokNewline || t.kind == tokEOF {
			return
		}
		if t.kind == tokOp {
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
func (p *parser) expr(stopAtColon bool) *Value {
	t := p.peek()
	if p.atEnd(stopAtColon) {
		return &Value{Kind: Opaque, Line: t.line, Col: t.col}
	}
	v := p.primary()
	if !p.atEnd(stopAtColon) {
		p.skipExpr(stopAtColon)
		return &Value{Kind: Opaque, Line: t.line, Col: t.col}
	}
	return v
}

func (p *parser) primary() *Value {
	t := p.next()
	v := &Value{Kind: Opaque, Line: t.line, Col: t.col}
	switch t.kind {
	case tokString:
		v.Kind, v.Text = String, t.text
		literal := t.literal
		for p.peek().kind == tokString { // implicit concatenation
			n := p.next()
			v.Text += n.text
			literal = literal && n.literal
		}
		if !literal {
			v.Kind, v.Text = Opaque, ""
		}
	case tokNumber:
		if f, ok := parseNumber(t.text); ok {
			v.Kind, v.Num = Number, f
		}
	case tokName:
		switch t.text {
		case "True", "False":
			v.Kind, v.Bool = Bool, t.text == "True"
		case "None":
			v.Kind = None
		case "dict":
			if p.isOp("(") {
				p.next()
				p.kwargs(v)
				return v
			}
			v.Text = t.text
		default:
			v.Text = p.dottedName(t.text)
		}
	case tokOp:
		switch t.text {
		case "{":
			p.dictOrSet(v)
		case "[":
			_ = p.sequence(v, "]")
		case "(":
			if commas := p.sequence(v, ")"); commas == 0 && len(v.Items) == 1 && !v.Spread {
				return v.Items[0] // (x) is x; (x,) is a tuple
			}
		case "-", "+":
			if p.peek().kind == tokNumber {
				if f, ok := parseNumber(p.next().text); ok {
					v.Kind, v.Num = Number, f
					if t.text == "-" {
						v.Num = -f
					}
				}
			}
		}
	}
	return v
}

// dottedName reads `.name` parts after a name; the result is the dotted
// name when nothing else follows, else "".
func (p *parser) dottedName(first string) string {
	name := first
	for p.isOp(".") && p.peekN(1).kind == tokName {
		p.next()
		name += "." + p.next().text
	}
	return name
}

func (p *parser) dictOrSet(v *Value) {
	v.Kind = Dict
	isSet := false
	for {
		if p.isOp("}") {
			p.next()
			break
		}
		if t := p.peek(); t.kind == tokNewline || t.kind == tokEOF {
			break
		}
		if p.isOp("**") {
			p.next()
			p.skipExpr(false)
			v.Spread = true
		} else {
			k := p.expr(true)
			if p.isOp(":") {
				p.next()
				v.Keys = append(v.Keys, k)
				v.Vals = append(v.Vals, p.expr(false))
			} else {
				isSet = true
				v.Items = append(v.Items, k)
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
	if isSet && len(v.Keys) == 0 {
		v.Kind = List
	}
}

// sequence reads a list, tuple or parenthesised expression up to closer
// and returns how many top-level commas it held.
func (p *parser) sequence(v *Value, closer string) int {
	v.Kind = List
	commas := 0
	for {
		if p.isOp(closer) {
			p.next()
			break
		}
		if t := p.peek(); t.kind == tokNewline || t.kind == tokEOF {
			break
		}
		if p.isOp("*") {
			p.next()
			p.skipExpr(false)
			v.Spread = true
		} else {
			v.Items = append(v.Items, p.expr(false))
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
func (p *parser) kwargs(v *Value) {
	v.Kind = Dict
	for {
		if p.isOp(")") {
			p.next()
			return
		}
		if t := p.peek(); t.kind == tokNewline || t.kind == tokEOF {
			return
		}
		if p.peek().kind == tokName && p.peekN(1).kind == tokOp && p.peekN(1).text == "=" {
			k := p.next()
			p.next()
			v.Keys = append(v.Keys, &Value{Kind: String, Text: k.text, Line: k.line, Col: k.col})
			v.Vals = append(v.Vals, p.expr(false))
		} else {
			p.skipExpr(false) // a positional mapping or **spread
			v.Spread = true
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

func parseNumber(s string) (float64, bool) {
	s = strings.ReplaceAll(s, "_", "")
	ls := strings.ToLower(s)
	if strings.HasPrefix(ls, "0x") || strings.HasPrefix(ls, "0o") || strings.HasPrefix(ls, "0b") {
		n, err := strconv.ParseInt(ls, 0, 64)
		return float64(n), err == nil
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}
