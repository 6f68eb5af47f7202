package interp

import (
	"fmt"
	"strings"
)

// The lexer reproduces OmegaConf's ANTLR lexer (OmegaConfGrammarLexer.g4,
// OmegaConf 2.3): five modes on a stack, and in every mode the longest
// match wins, ties going to the rule written first in the grammar. Tokens
// are produced in one pass before parsing, exactly as ANTLR's lexer runs
// independently of the parser.

type tokType uint8

const (
	tEOF          tokType = iota
	tInterOpen            // "${" plus trailing blanks
	tAnyStr               // plain text (also lone '$' and odd backslash runs)
	tEscInter             // "\${" preceded by an even number of backslashes
	tTopEsc               // an even run of backslashes at top level
	tQuotedEsc            // an even run of backslashes inside quotes
	tEsc                  // escape sequence(s) in value mode, or an escaped quote
	tInterClose           // "}" closing a node interpolation
	tColon                // ":" with surrounding blanks
	tDot                  // "."
	tBracketOpen          // "["
	tBracketClose         // "]"
	tID                   // identifier
	tInterKey             // any other key text inside ${...}
	tBraceOpen            // "{" in value mode
	tBraceClose           // "}" in value mode
	tQuoteOpen            // ' or " opening a quoted value
	tQuoteClose           // the matching quote
	tComma                // "," with surrounding blanks
	tFloat                // float literal
	tInt                  // int literal
	tBool                 // true/false, any case
	tNull                 // null, any case
	tUnquotedChar         // one of / - \ + . $ % * @ ? |
	tWS                   // blanks
)

type token struct {
	typ  tokType
	text string
	off  int // byte offset in the lexed string
}

type lexMode uint8

const (
	modeDefault lexMode = iota
	modeValue
	modeInter
	modeQuoteSingle
	modeQuoteDouble
)

// syntaxError is a grammar error at a byte offset of the parsed string.
type syntaxError struct {
	off   int
	msg   string
	limit bool // nesting beyond maxNesting: reported as a limit, not a typo
}

func (e *syntaxError) Error() string { return e.msg }

// Value-mode literals are matched by hand, each returning the length of
// its rule's longest match at the start of s. (Regular expressions would
// make lexing quadratic: Go's backtracker sizes its state by the input.)

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// digitsLen matches DIGIT ('_'? DIGIT)*.
func digitsLen(s string) int {
	if s == "" || !isDigit(s[0]) {
		return 0
	}
	i := 1
	for i < len(s) {
		switch {
		case isDigit(s[i]):
			i++
		case s[i] == '_' && i+1 < len(s) && isDigit(s[i+1]):
			i += 2
		default:
			return i
		}
	}
	return i
}

// intUnsignedLen matches '0' | [1-9] ('_'? DIGIT)*.
func intUnsignedLen(s string) int {
	if s == "" || !isDigit(s[0]) {
		return 0
	}
	if s[0] == '0' {
		return 1
	}
	return digitsLen(s)
}

func signLen(s string) int {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		return 1
	}
	return 0
}

// matchInt is INT: [+-]? INT_UNSIGNED.
func matchInt(s string) int {
	p := signLen(s)
	if n := intUnsignedLen(s[p:]); n > 0 {
		return p + n
	}
	return 0
}

// matchFloat is FLOAT: [+-]? (POINT_FLOAT | EXPONENT_FLOAT | inf | nan).
func matchFloat(s string) int {
	p := signLen(s)
	t := s[p:]
	best := 0
	if len(t) >= 3 && (strings.EqualFold(t[:3], "inf") || strings.EqualFold(t[:3], "nan")) {
		best = 3
	}
	iu := intUnsignedLen(t)
	point := 0 // POINT_FLOAT: INT_UNSIGNED '.' | INT_UNSIGNED? '.' DIGIT ('_'? DIGIT)*
	if iu < len(t) && t[iu] == '.' {
		frac := digitsLen(t[iu+1:])
		if iu > 0 || frac > 0 {
			point = iu + 1 + frac
		}
	}
	best = max(best, point)
	for _, base := range []int{iu, point} { // EXPONENT_FLOAT
		if base == 0 || base >= len(t) || (t[base] != 'e' && t[base] != 'E') {
			continue
		}
		sg := signLen(t[base+1:])
		if d := digitsLen(t[base+1+sg:]); d > 0 {
			best = max(best, base+1+sg+d)
		}
	}
	if best == 0 {
		return 0
	}
	return p + best
}

// matchWord matches one of the words, ignoring case.
func matchWord(s string, words ...string) int {
	for _, w := range words {
		if len(s) >= len(w) && strings.EqualFold(s[:len(w)], w) {
			return len(w)
		}
	}
	return 0
}

// matchID is ID: (CHAR|'_') (CHAR|DIGIT|'_'|'-')*.
func matchID(s string) int {
	if s == "" || !(isAlpha(s[0]) || s[0] == '_') {
		return 0
	}
	i := 1
	for i < len(s) && (isAlpha(s[i]) || isDigit(s[i]) || s[i] == '_' || s[i] == '-') {
		i++
	}
	return i
}

// matchEsc is ESC: one or more of \\ \( \) \[ \] \{ \} \: \= \, and backslash-blank.
func matchEsc(s string) int {
	i := 0
	for i+1 < len(s) && s[i] == '\\' && strings.IndexByte("\\()[]{}:=, \t", s[i+1]) >= 0 {
		i += 2
	}
	return i
}

type lexer struct {
	src   string
	pos   int
	mode  lexMode
	stack []lexMode
	toks  []token
	open  int // interpolations, lists, dicts and quotes open
	deep  int // offset of the first token opening one past maxNesting, or -1
}

// lex tokenizes src starting in mode start (modeDefault for a config value,
// modeValue for oc.decode's argument).
func lex(src string, start lexMode) ([]token, *syntaxError) {
	return lexInto(nil, src, start)
}

// lexInto is lex appending to buf (a recycled slice; see tokenBuffers).
func lexInto(buf []token, src string, start lexMode) ([]token, *syntaxError) {
	l := &lexer{src: src, mode: start, deep: -1, toks: buf}
	for l.pos < len(src) {
		if err := l.next(); err != nil {
			return nil, err
		}
		if l.open > 2*maxNesting {
			// The parser would stop at maxNesting anyway: stop here, before
			// a megabyte of "[" becomes a million tokens.
			return nil, &syntaxError{off: l.deep, limit: true, msg: nestingMessage}
		}
	}
	l.toks = append(l.toks, token{typ: tEOF, off: len(src)})
	return l.toks, nil
}

func (l *lexer) emit(t tokType, n int) {
	switch t {
	case tInterOpen, tBracketOpen, tBraceOpen, tQuoteOpen:
		if l.open++; l.open > maxNesting && l.deep < 0 {
			l.deep = l.pos
		}
	case tInterClose, tBracketClose, tBraceClose, tQuoteClose:
		l.open--
	}
	l.toks = append(l.toks, token{typ: t, text: l.src[l.pos : l.pos+n], off: l.pos})
	l.pos += n
}

func (l *lexer) push(m lexMode) {
	l.stack = append(l.stack, l.mode)
	l.mode = m
}

func (l *lexer) pop() *syntaxError {
	if len(l.stack) == 0 {
		// ANTLR raises "Empty Stack"; only reachable from oc.decode input.
		return &syntaxError{off: l.pos, msg: "unexpected '}'"}
	}
	l.mode = l.stack[len(l.stack)-1]
	l.stack = l.stack[:len(l.stack)-1]
	return nil
}

func blanks(s string) int {
	n := 0
	for n < len(s) && (s[n] == ' ' || s[n] == '\t') {
		n++
	}
	return n
}

func (l *lexer) next() *syntaxError {
	switch l.mode {
	case modeDefault:
		l.textToken(0)
	case modeQuoteSingle:
		return l.quotedToken('\'')
	case modeQuoteDouble:
		return l.quotedToken('"')
	case modeInter:
		return l.interToken()
	case modeValue:
		return l.valueToken()
	}
	return nil
}

func (l *lexer) quotedToken(q byte) *syntaxError {
	rest := l.src[l.pos:]
	if rest[0] == q && !hasInterOpen(rest) {
		l.emit(tQuoteClose, 1)
		return l.pop()
	}
	l.textToken(q)
	return nil
}

func hasInterOpen(s string) bool { return len(s) >= 2 && s[0] == '$' && s[1] == '{' }

// textToken lexes top-level text (quote == 0) or quoted text. The rules, in
// grammar order: INTER_OPEN, ANY_STR, ESC_INTER, [ESC_QUOTE], TOP_ESC /
// QUOTED_ESC, BACKSLASHES, DOLLAR.
func (l *lexer) textToken(quote byte) {
	rest := l.src[l.pos:]
	if hasInterOpen(rest) {
		l.emit(tInterOpen, 2+blanks(rest[2:]))
		l.push(modeInter)
		return
	}
	// ANY_STR: ~[$q]* ~[\\$q], longest.
	run := 0
	for run < len(rest) && rest[run] != '$' && (quote == 0 || rest[run] != quote) {
		run++
	}
	anyStr := 0
	for k := run - 1; k >= 0; k-- {
		if rest[k] != '\\' {
			anyStr = k + 1
			break
		}
	}
	b := 0
	for b < len(rest) && rest[b] == '\\' {
		b++
	}
	escInter, escQuote := 0, 0
	if b%2 == 1 && hasInterOpen(rest[b:]) {
		escInter = b + 2
	}
	if quote != 0 && b%2 == 1 && b < len(rest) && rest[b] == quote {
		escQuote = b + 1
	}
	evenEsc := b - b%2
	dollar := 0
	if rest[0] == '$' {
		dollar = 1
	}
	evenType := tTopEsc
	if quote != 0 {
		evenType = tQuotedEsc
	}
	best, typ := 0, tAnyStr
	for _, c := range []struct {
		n int
		t tokType
	}{{anyStr, tAnyStr}, {escInter, tEscInter}, {escQuote, tEsc}, {evenEsc, evenType}, {b, tAnyStr}, {dollar, tAnyStr}} {
		if c.n > best {
			best, typ = c.n, c.t
		}
	}
	l.emit(typ, best)
}

// interKeyChar reports whether c may appear in INTER_KEY: ~[\\{}()[\]:. \t'"].
func interKeyChar(c byte) bool {
	switch c {
	case '\\', '{', '}', '(', ')', '[', ']', ':', '.', ' ', '\t', '\'', '"':
		return false
	}
	return true
}

func (l *lexer) interToken() *syntaxError {
	rest := l.src[l.pos:]
	if hasInterOpen(rest) {
		l.emit(tInterOpen, 2+blanks(rest[2:]))
		l.push(modeInter)
		return nil
	}
	w := blanks(rest)
	if w < len(rest) {
		switch rest[w] {
		case ':':
			l.emit(tColon, w+1+blanks(rest[w+1:]))
			l.mode = modeValue
			return nil
		case '}':
			l.emit(tInterClose, w+1)
			return l.pop()
		}
	}
	if w > 0 {
		return l.unexpected()
	}
	switch rest[0] {
	case '.':
		l.emit(tDot, 1)
		return nil
	case '[':
		l.emit(tBracketOpen, 1)
		return nil
	case ']':
		l.emit(tBracketClose, 1)
		return nil
	}
	id := matchID(rest)
	key := 0
	for key < len(rest) && interKeyChar(rest[key]) {
		key++
	}
	switch {
	case id > 0 && id >= key:
		l.emit(tID, id)
	case key > 0:
		l.emit(tInterKey, key)
	default:
		return l.unexpected()
	}
	return nil
}

func (l *lexer) unexpected() *syntaxError {
	return &syntaxError{off: l.pos, msg: fmt.Sprintf("unexpected %s", describeAt(l.src, l.pos))}
}

// describeAt names the character at off for an error message.
func describeAt(s string, off int) string {
	if off >= len(s) {
		return "end of string"
	}
	switch s[off] {
	case ' ':
		return "space"
	case '\t':
		return "tab"
	}
	r := []rune(s[off:min(len(s), off+4)])
	return fmt.Sprintf("%q", string(r[0]))
}

func (l *lexer) valueToken() *syntaxError {
	rest := l.src[l.pos:]
	w := blanks(rest)
	var c byte
	if w < len(rest) {
		c = rest[w]
	}
	type cand struct {
		n int
		t tokType
	}
	cands := make([]cand, 0, 8)
	if w == 0 {
		switch {
		case hasInterOpen(rest):
			cands = append(cands, cand{2 + blanks(rest[2:]), tInterOpen})
		case c == '{':
			cands = append(cands, cand{1 + blanks(rest[1:]), tBraceOpen})
		case c == '\'' || c == '"':
			cands = append(cands, cand{1, tQuoteOpen})
		case c == '[':
			cands = append(cands, cand{1 + blanks(rest[1:]), tBracketOpen})
		}
	}
	switch c {
	case '}':
		cands = append(cands, cand{w + 1, tBraceClose})
	case ',':
		cands = append(cands, cand{w + 1 + blanks(rest[w+1:]), tComma})
	case ']':
		cands = append(cands, cand{w + 1, tBracketClose})
	case ':':
		cands = append(cands, cand{w + 1 + blanks(rest[w+1:]), tColon})
	}
	if w == 0 {
		cands = append(cands,
			cand{matchFloat(rest), tFloat},
			cand{matchInt(rest), tInt},
			cand{matchWord(rest, "true", "false"), tBool},
			cand{matchWord(rest, "null"), tNull})
		switch c {
		case '/', '-', '\\', '+', '.', '$', '%', '*', '@', '?', '|':
			cands = append(cands, cand{1, tUnquotedChar})
		}
		cands = append(cands, cand{matchID(rest), tID}, cand{matchEsc(rest), tEsc})
	}
	cands = append(cands, cand{w, tWS})
	best := cand{}
	for _, k := range cands {
		if k.n > best.n {
			best = k
		}
	}
	if best.n == 0 {
		return l.unexpected()
	}
	l.emit(best.t, best.n)
	switch best.t {
	case tInterOpen:
		l.push(modeInter)
	case tBraceOpen:
		l.push(modeValue)
	case tBraceClose:
		return l.pop()
	case tQuoteOpen:
		if c == '\'' {
			l.push(modeQuoteSingle)
		} else {
			l.push(modeQuoteDouble)
		}
	}
	return nil
}
