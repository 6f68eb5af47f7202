package py

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A small, forgiving Python tokenizer: just enough of Python's lexical
// grammar to read literal assignments out of a Kedro settings.py without
// running Python. It never fails; text it does not understand becomes
// operator tokens that the reader skips.

type tokKind uint8

const (
	tokName tokKind = iota
	tokNumber
	tokString
	tokOp
	tokNewline // end of a logical line
	tokEOF
)

type token struct {
	kind      tokKind
	text      string // names, numbers, operators: the source text; strings: the decoded value
	literal   bool   // strings: a plain str literal (not an f-string or bytes)
	line, col int    // 1-based; col counts runes
	lineStart bool   // first token of its logical line
}

type lexer struct {
	src       string
	off       int
	line      int
	lineOff   int // byte offset where the current line starts
	depth     int // bracket depth: newlines inside brackets do not end a line
	lineStart bool
	toks      []token
}

func tokenize(src string) []token {
	lx := &lexer{src: src, line: 1, lineStart: true}
	lx.run()
	return lx.toks
}

func (lx *lexer) col() int { return utf8.RuneCountInString(lx.src[lx.lineOff:lx.off]) + 1 }

func (lx *lexer) emit(kind tokKind, text string, literal bool, line, col int) {
	lx.toks = append(lx.toks, token{kind: kind, text: text, literal: literal, line: line, col: col, lineStart: lx.lineStart})
	lx.lineStart = false
}

func (lx *lexer) newline() {
	lx.line++
	lx.lineOff = lx.off
}

func (lx *lexer) endLogicalLine() {
	if !lx.lineStart {
		lx.toks = append(lx.toks, token{kind: tokNewline, line: lx.line, col: lx.col()})
	}
	lx.lineStart = true
}

func (lx *lexer) run() {
	for lx.off < len(lx.src) {
		c := lx.src[lx.off]
		switch {
		case c == '\n':
			lx.off++
			if lx.depth == 0 {
				lx.endLogicalLine()
			}
			lx.newline()
		case c == ' ' || c == '\t' || c == '\r' || c == '\f':
			lx.off++
		case c == '#':
			for lx.off < len(lx.src) && lx.src[lx.off] != '\n' {
				lx.off++
			}
		case c == '\\' && lx.off+1 < len(lx.src) && lx.src[lx.off+1] == '\n':
			lx.off += 2 // explicit line joining
			lx.newline()
		case c == '\\' && lx.off+2 < len(lx.src) && lx.src[lx.off+1] == '\r' && lx.src[lx.off+2] == '\n':
			lx.off += 3
			lx.newline()
		case isNameStart(lx.src[lx.off:]):
			lx.nameOrString()
		case c >= '0' && c <= '9' || c == '.' && lx.off+1 < len(lx.src) && isDigit(lx.src[lx.off+1]):
			lx.number()
		case c == '"' || c == '\'':
			lx.str("", lx.line, lx.col())
		default:
			lx.operator()
		}
	}
	lx.endLogicalLine()
	lx.toks = append(lx.toks, token{kind: tokEOF, line: lx.line, col: lx.col()})
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isNameStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r == '_' || unicode.IsLetter(r)
}

func (lx *lexer) nameOrString() {
	line, col := lx.line, lx.col()
	start := lx.off
	for lx.off < len(lx.src) {
		r, n := utf8.DecodeRuneInString(lx.src[lx.off:])
		if r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		lx.off += n
	}
	word := lx.src[start:lx.off]
	if lx.off < len(lx.src) && (lx.src[lx.off] == '"' || lx.src[lx.off] == '\'') && isStringPrefix(word) {
		lx.str(strings.ToLower(word), line, col)
		return
	}
	lx.emit(tokName, word, false, line, col)
}

func isStringPrefix(w string) bool {
	switch strings.ToLower(w) {
	case "r", "u", "b", "f", "br", "rb", "fr", "rf":
		return true
	}
	return false
}

func (lx *lexer) number() {
	line, col := lx.line, lx.col()
	start := lx.off
	for lx.off < len(lx.src) {
		c := lx.src[lx.off]
		if isDigit(c) || c == '.' || c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			lx.off++
			continue
		}
		// An exponent sign: 1e-3.
		if (c == '+' || c == '-') && lx.off > start && (lx.src[lx.off-1] == 'e' || lx.src[lx.off-1] == 'E') &&
			!strings.HasPrefix(strings.ToLower(lx.src[start:]), "0x") {
			lx.off++
			continue
		}
		break
	}
	lx.emit(tokNumber, lx.src[start:lx.off], false, line, col)
}

// str reads a string literal starting at the opening quote. prefix is the
// lower-cased string prefix (r, b, f, ...).
func (lx *lexer) str(prefix string, line, col int) {
	q := lx.src[lx.off]
	triple := strings.HasPrefix(lx.src[lx.off:], strings.Repeat(string(q), 3))
	delim := string(q)
	if triple {
		delim = strings.Repeat(string(q), 3)
	}
	lx.off += len(delim)
	raw := strings.Contains(prefix, "r")
	var b strings.Builder
	closed := false
	for lx.off < len(lx.src) {
		if strings.HasPrefix(lx.src[lx.off:], delim) {
			lx.off += len(delim)
			closed = true
			break
		}
		c := lx.src[lx.off]
		if c == '\n' {
			if !triple {
				// An unterminated string breaks the line: stop at its end
				// and forget open brackets so the next line reads afresh.
				lx.depth = 0
				break
			}
			b.WriteByte(c)
			lx.off++
			lx.newline()
			continue
		}
		if c == '\\' && lx.off+1 < len(lx.src) {
			if raw {
				b.WriteString(lx.src[lx.off : lx.off+2])
				if lx.src[lx.off+1] == '\n' {
					lx.off += 2
					lx.newline()
					continue
				}
				lx.off += 2
				continue
			}
			lx.escape(&b)
			continue
		}
		b.WriteByte(c)
		lx.off++
	}
	literal := closed && !strings.ContainsAny(prefix, "bf")
	lx.emit(tokString, b.String(), literal, line, col)
}

// escape decodes one backslash escape of a non-raw string.
func (lx *lexer) escape(b *strings.Builder) {
	c := lx.src[lx.off+1]
	lx.off += 2
	switch c {
	case '\n':
		lx.newline()
	case 'n':
		b.WriteByte('\n')
	case 't':
		b.WriteByte('\t')
	case 'r':
		b.WriteByte('\r')
	case '0':
		b.WriteByte(0)
	case '\\', '\'', '"':
		b.WriteByte(c)
	case 'x', 'u', 'U':
		n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[c]
		if lx.off+n <= len(lx.src) {
			if v, err := strconv.ParseUint(lx.src[lx.off:lx.off+n], 16, 32); err == nil && utf8.ValidRune(rune(v)) {
				b.WriteRune(rune(v))
				lx.off += n
				return
			}
		}
		b.WriteByte('\\')
		b.WriteByte(c)
	default:
		b.WriteByte('\\')
		b.WriteByte(c)
	}
}

func (lx *lexer) operator() {
	line, col := lx.line, lx.col()
	c := lx.src[lx.off]
	op := string(c)
	if lx.off+1 < len(lx.src) {
		two := lx.src[lx.off : lx.off+2]
		switch two {
		case "==", "!=", "<=", ">=", "**", "->", ":=", "//", "<<", ">>":
			op = two
		}
	}
	if c >= 0x80 { // a stray non-ASCII rune outside a name: keep it whole
		_, n := utf8.DecodeRuneInString(lx.src[lx.off:])
		op = lx.src[lx.off : lx.off+n]
	}
	lx.off += len(op)
	switch op {
	case "(", "[", "{":
		lx.depth++
	case ")", "]", "}":
		if lx.depth > 0 {
			lx.depth--
		}
	}
	lx.emit(tokOp, op, false, line, col)
}
