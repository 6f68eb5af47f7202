package interp

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"sync"

	"github.com/kfc-dev/kfc/compiler/tree"
	"github.com/kfc-dev/kfc/internal/py"
)

// The parser follows OmegaConfGrammarParser.g4 (OmegaConf 2.3) rule by
// rule over the token list, and keeps only what evaluation needs: literal
// text already un-escaped as GrammarVisitor._unescape does it, and the
// interpolations in between.

// maxNesting bounds nested interpolations, lists, dicts and quotes in one
// string; OmegaConf's recursive visitor would hit Python's recursion limit
// long before a real configuration gets near it.
const maxNesting = 100

var nestingMessage = fmt.Sprintf("interpolation nested more than %d levels deep", maxNesting)

// text is a sequence of literal pieces and interpolations (grammar: text).
type text struct {
	parts []textPart
}

type textPart struct {
	lit string
	in  *interp // nil for a literal
}

// single reports whether t is exactly one interpolation, whose value is then
// returned as is (keeping its type) instead of being turned into a string.
func (t *text) single() *interp {
	if len(t.parts) == 1 {
		return t.parts[0].in
	}
	return nil
}

// interp is one ${...}.
type interp struct {
	off, end int // byte range in the parsed string
	// A node interpolation's key is the concatenation of key pieces (dots,
	// brackets, names and nested interpolations), re-split later with
	// OmegaConf's split_key.
	key []textPart
	// A resolver call: name pieces joined by '.', then arguments.
	resolver bool
	name     []textPart
	args     []*element
}

type elemKind uint8

const (
	elPrimitive elemKind = iota
	elQuoted
	elList
	elDict
	elEmpty // a missing sequence element, which OmegaConf reads as ""
)

// element is one resolver argument, list item or dict value.
type element struct {
	kind elemKind
	// primitive: one typed literal, one interpolation, or pieces that are
	// concatenated into a string.
	lit   *tree.Node
	parts []textPart
	// quoted: the inner text (nil for '').
	quoted *text
	items  []*element
	keys   []*tree.Node
	values []*element
}

type parser struct {
	src     string
	toks    []token
	i       int
	depth   int
	closers []string // what each open construct waits for, for "missing X" messages
}

func (p *parser) open(closer string) { p.closers = append(p.closers, closer) }
func (p *parser) close()             { p.closers = p.closers[:len(p.closers)-1] }

// tokenBuffers recycles the lexer's token slices: tokens live only while
// one string is parsed (the tree copies what it keeps), and growing a new
// slice for every "${...}" string was a tenth of what interpolation
// allocated.
var tokenBuffers = sync.Pool{New: func() any { return new([]token) }}

// maxPooledTokens keeps the slice of a huge string (a bomb of brackets)
// from staying in the pool.
const maxPooledTokens = 1024

func getTokens() *[]token { return tokenBuffers.Get().(*[]token) }

// putTokens returns buf to the pool holding toks, the slice lexed into it
// (nil after a lexing error: buf keeps its old one).
func putTokens(buf *[]token, toks []token) {
	if cap(toks) > maxPooledTokens {
		return
	}
	if toks == nil {
		toks = (*buf)[:cap(*buf)] // the lexer may have written into it
	}
	clear(toks) // no token keeps its string alive from the pool
	*buf = toks[:0]
	tokenBuffers.Put(buf)
}

// parseValue parses a config string containing "${" (grammar rule configValue).
func parseValue(s string) (*text, *syntaxError) {
	buf := getTokens()
	toks, err := lexInto((*buf)[:0], s, modeDefault)
	defer putTokens(buf, toks)
	if err != nil {
		return nil, err
	}
	return parseTokens(s, toks)
}

// parseTokens parses the tokens of s (grammar rule configValue).
func parseTokens(s string, toks []token) (*text, *syntaxError) {
	p := &parser{src: s, toks: toks}
	t, err := p.text()
	if err != nil {
		return nil, err
	}
	if p.peek().typ != tEOF {
		return nil, p.unexpected()
	}
	return t, nil
}

// parseElement parses oc.decode's argument (grammar rule singleElement,
// lexed from VALUE_MODE).
func parseElement(s string) (*element, *syntaxError) {
	buf := getTokens()
	toks, err := lexInto((*buf)[:0], s, modeValue)
	defer putTokens(buf, toks)
	if err != nil {
		return nil, err
	}
	p := &parser{src: s, toks: toks}
	e, err := p.element()
	if err != nil {
		return nil, err
	}
	if p.peek().typ != tEOF {
		return nil, p.unexpected()
	}
	return e, nil
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) advance() token {
	t := p.toks[p.i]
	if t.typ != tEOF {
		p.i++
	}
	return t
}

func (p *parser) unexpected() *syntaxError {
	t := p.peek()
	if t.typ == tEOF {
		msg := "unexpected end of string"
		if n := len(p.closers); n > 0 {
			msg += " (missing " + p.closers[n-1] + ")"
		}
		return &syntaxError{off: t.off, msg: msg}
	}
	return &syntaxError{off: t.off, msg: fmt.Sprintf("unexpected %s", describeToken(t))}
}

func describeToken(t token) string {
	s := strings.TrimLeft(t.text, " \t")
	if s == "" {
		return "space"
	}
	if len(s) > 20 {
		s = s[:20] + "..."
	}
	return fmt.Sprintf("%q", s)
}

func (p *parser) enter() *syntaxError {
	p.depth++
	if p.depth > maxNesting {
		return &syntaxError{off: p.peek().off, limit: true, msg: nestingMessage}
	}
	return nil
}

// text parses (interpolation | ANY_STR | ESC | ESC_INTER | TOP_ESC | QUOTED_ESC)+
// and un-escapes the literal tokens the way GrammarVisitor._unescape does.
func (p *parser) text() (*text, *syntaxError) {
	type raw struct {
		tok token
		in  *interp
	}
	var items []raw
	for {
		t := p.peek()
		switch t.typ {
		case tInterOpen:
			in, err := p.interpolation()
			if err != nil {
				return nil, err
			}
			items = append(items, raw{in: in})
			continue
		case tAnyStr, tEsc, tEscInter, tTopEsc, tQuotedEsc:
			items = append(items, raw{tok: p.advance()})
			continue
		}
		break
	}
	if len(items) == 0 {
		return nil, p.unexpected()
	}
	out := &text{}
	for k, it := range items {
		if it.in != nil {
			out.parts = append(out.parts, textPart{in: it.in})
			continue
		}
		nextIsInterp := k+1 < len(items) && items[k+1].in != nil
		s := it.tok.text
		switch it.tok.typ {
		case tEscInter:
			s = s[len(s)-(len(s)/2+1):]
		case tEsc:
			s = everyOther(s)
		case tTopEsc:
			if nextIsInterp {
				s = everyOther(s)
			}
		case tQuotedEsc:
			if nextIsInterp || k+1 == len(items) {
				s = everyOther(s)
			}
		}
		out.parts = append(out.parts, textPart{lit: s})
	}
	out.parts = mergeLiterals(out.parts)
	return out, nil
}

// mergeLiterals joins runs of adjacent literal pieces (in linear time), so
// a text is "one interpolation" exactly when it has one piece.
func mergeLiterals(parts []textPart) []textPart {
	out := parts[:0:0]
	for i := 0; i < len(parts); {
		if parts[i].in != nil {
			out = append(out, parts[i])
			i++
			continue
		}
		j := i
		var b strings.Builder
		for j < len(parts) && parts[j].in == nil {
			b.WriteString(parts[j].lit)
			j++
		}
		out = append(out, textPart{lit: b.String()})
		i = j
	}
	return out
}

// everyOther is Python's s[1::2]: un-escapes a run of two-character escapes.
func everyOther(s string) string {
	var b strings.Builder
	for i := 1; i < len(s); i += 2 {
		b.WriteByte(s[i])
	}
	return b.String()
}

// interpolation parses interpolationNode | interpolationResolver. Both
// start with a run of names, dots, brackets and nested interpolations; the
// token after it (':' or '}') decides which one it is.
func (p *parser) interpolation() (*interp, *syntaxError) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	start := p.advance()
	in := &interp{off: start.off}
	p.open("'}'")
	defer p.close()
	var pieces []textPart
	var kinds []tokType // token type per piece; tInterOpen marks a nested interpolation
	for {
		t := p.peek()
		switch t.typ {
		case tInterOpen:
			sub, err := p.interpolation()
			if err != nil {
				return nil, err
			}
			pieces = append(pieces, textPart{in: sub})
			kinds = append(kinds, tInterOpen)
			continue
		case tDot, tBracketOpen, tBracketClose, tID, tInterKey:
			p.advance()
			pieces = append(pieces, textPart{lit: t.text})
			kinds = append(kinds, t.typ)
			continue
		case tInterClose:
			if err := checkNodePath(kinds); err != "" {
				return nil, &syntaxError{off: t.off, msg: err}
			}
			p.advance()
			in.key = pieces
			in.end = p.peek().off
			return in, nil
		case tColon:
			if !validResolverName(kinds) {
				return nil, &syntaxError{off: start.off, msg: "invalid resolver name"}
			}
			p.advance()
			in.resolver = true
			in.name = pieces
			args, err := p.sequence(tBraceClose)
			if err != nil {
				return nil, err
			}
			in.args = args
			if p.peek().typ != tBraceClose {
				return nil, p.unexpected()
			}
			p.advance()
			in.end = p.peek().off
			return in, nil
		}
		return nil, p.unexpected()
	}
}

func isKey(k tokType) bool { return k == tID || k == tInterKey || k == tInterOpen }

// checkNodePath validates
// DOT* (configKey | '[' configKey ']') (DOT configKey | '[' configKey ']')*.
func checkNodePath(k []tokType) string {
	i := 0
	for i < len(k) && k[i] == tDot {
		i++
	}
	first := true
	for i < len(k) {
		switch {
		case k[i] == tBracketOpen:
			if i+2 >= len(k) || !isKey(k[i+1]) || k[i+2] != tBracketClose {
				return "malformed [key] in interpolation"
			}
			i += 3
		case first && isKey(k[i]):
			i++
		case !first && k[i] == tDot && i+1 < len(k) && isKey(k[i+1]):
			i += 2
		default:
			return "malformed interpolation key"
		}
		first = false
	}
	if first {
		return "empty interpolation key"
	}
	return ""
}

// validResolverName checks (interpolation | ID) (DOT (interpolation | ID))*.
func validResolverName(k []tokType) bool {
	if len(k) == 0 || len(k)%2 == 0 {
		return false
	}
	for i, t := range k {
		if i%2 == 0 && t != tID && t != tInterOpen {
			return false
		}
		if i%2 == 1 && t != tDot {
			return false
		}
	}
	return true
}

// sequence parses the optional (element (COMMA element?)*) | (COMMA element?)+
// before a closing token; missing elements become empty strings, as
// GrammarVisitor.visitSequence yields them.
func (p *parser) sequence(closing tokType) ([]*element, *syntaxError) {
	var out []*element
	prevComma, sawAny := true, false
	for {
		t := p.peek()
		if t.typ == closing || t.typ == tEOF {
			break
		}
		sawAny = true
		if t.typ == tComma {
			if prevComma {
				out = append(out, &element{kind: elEmpty})
			}
			prevComma = true
			p.advance()
			continue
		}
		if !prevComma {
			return nil, p.unexpected()
		}
		e, err := p.element()
		if err != nil {
			return nil, err
		}
		out = append(out, e)
		prevComma = false
	}
	if sawAny && prevComma {
		out = append(out, &element{kind: elEmpty})
	}
	return out, nil
}

// element parses primitive | quotedValue | listContainer | dictContainer.
func (p *parser) element() (*element, *syntaxError) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	t := p.peek()
	switch t.typ {
	case tQuoteOpen:
		q := p.advance()
		p.open("closing " + q.text)
		defer p.close()
		e := &element{kind: elQuoted}
		if p.peek().typ != tQuoteClose {
			q, err := p.text()
			if err != nil {
				return nil, err
			}
			e.quoted = q
		}
		if p.peek().typ != tQuoteClose {
			return nil, p.unexpected()
		}
		p.advance()
		return e, nil
	case tBracketOpen:
		p.advance()
		p.open("']'")
		defer p.close()
		items, err := p.sequence(tBracketClose)
		if err != nil {
			return nil, err
		}
		if p.peek().typ != tBracketClose {
			return nil, p.unexpected()
		}
		p.advance()
		return &element{kind: elList, items: items}, nil
	case tBraceOpen:
		return p.dict()
	}
	return p.primitive(true)
}

// dict parses '{' (dictKey COLON element (COMMA dictKey COLON element)*)? '}'.
func (p *parser) dict() (*element, *syntaxError) {
	p.advance()
	p.open("'}'")
	defer p.close()
	e := &element{kind: elDict}
	if p.peek().typ == tBraceClose {
		p.advance()
		return e, nil
	}
	for {
		k, err := p.primitive(false)
		if err != nil {
			return nil, err
		}
		if p.peek().typ != tColon {
			return nil, p.unexpected()
		}
		p.advance()
		v, err := p.element()
		if err != nil {
			return nil, err
		}
		key := k.lit
		if key == nil {
			key = newStr(k.parts[0].lit) // a dictKey has no interpolations: one merged literal
		}
		e.keys = append(e.keys, key)
		e.values = append(e.values, v)
		switch p.peek().typ {
		case tComma:
			p.advance()
			continue
		case tBraceClose:
			p.advance()
			return e, nil
		}
		return nil, p.unexpected()
	}
}

// primitive parses (ID | NULL | INT | FLOAT | BOOL | UNQUOTED_CHAR | COLON |
// ESC | WS | interpolation)+; a dictKey is the same without COLON and
// interpolations. One token gives a typed value; several are concatenated.
func (p *parser) primitive(value bool) (*element, *syntaxError) {
	var toks []token
	var parts []textPart
	for {
		t := p.peek()
		ok := false
		switch t.typ {
		case tID, tNull, tInt, tFloat, tBool, tUnquotedChar, tEsc, tWS:
			ok = true
		case tColon:
			ok = value
		case tInterOpen:
			if value {
				in, err := p.interpolation()
				if err != nil {
					return nil, err
				}
				toks = append(toks, token{typ: tInterOpen})
				parts = append(parts, textPart{in: in})
				continue
			}
		}
		if !ok {
			if len(toks) == 0 {
				return nil, p.unexpected()
			}
			return finishPrimitive(toks, parts), nil
		}
		p.advance()
		toks = append(toks, t)
		s := t.text
		if t.typ == tEsc {
			s = everyOther(s)
		}
		parts = append(parts, textPart{lit: s})
	}
}

func finishPrimitive(toks []token, parts []textPart) *element {
	e := &element{kind: elPrimitive}
	if len(toks) == 1 && parts[0].in == nil {
		e.lit = typedLiteral(toks[0], parts[0].lit)
		return e
	}
	e.parts = mergeLiterals(parts)
	return e
}

// typedLiteral is GrammarVisitor._createPrimitive for a single token.
func typedLiteral(t token, unescaped string) *tree.Node {
	switch t.typ {
	case tNull:
		return &tree.Node{Kind: tree.Null, Text: t.text}
	case tBool:
		return &tree.Node{Kind: tree.Bool, Bool: strings.EqualFold(t.text, "true"), Text: t.text}
	case tInt:
		return pyInt(t.text)
	case tFloat:
		f := pyFloatLiteral(t.text)
		return &tree.Node{Kind: tree.Float, Float: f, Text: t.text}
	case tEsc:
		return newStr(unescaped)
	}
	return newStr(t.text)
}

// pyInt is Python's int() of an INT token, exact at any size.
func pyInt(s string) *tree.Node {
	clean := strings.ReplaceAll(s, "_", "")
	if i, err := strconv.ParseInt(clean, 10, 64); err == nil {
		return &tree.Node{Kind: tree.Int, Int: i, Text: s}
	}
	b, ok := new(big.Int).SetString(strings.TrimPrefix(clean, "+"), 10)
	if !ok {
		return &tree.Node{Kind: tree.String, Text: s} // the lexer only makes digits
	}
	n := tree.NewInt(b)
	n.Text = s
	return n
}

// pyFloatLiteral is Python's float() of a FLOAT token (underscores allowed,
// overflow to inf): py.ParseFloat.
func pyFloatLiteral(s string) float64 {
	f, err := py.ParseFloat(s)
	if err != nil { // the lexer only makes what float() reads
		return math.NaN()
	}
	return f
}

func newStr(s string) *tree.Node { return &tree.Node{Kind: tree.String, Text: s, Quoted: true} }
