package mlproject

import (
	"strings"
	"unicode/utf8"

	"github.com/kfc-dev/kfc/compiler/diag"
)

// commandPos maps a byte offset in the command string to its place in the
// MLproject source, walking the scalar as YAML wrote it: quotes, escapes,
// ” in single quotes and folded line breaks. When the walk cannot follow
// (block scalars, unusual escapes) it falls back to the command's start.
func (ep *EntryPoint) commandPos(offset int) diag.Pos {
	n := ep.commandNode
	if n == nil {
		return ep.CommandPos
	}
	if line, col, ok := walkScalar(ep.src, n.Pos().Line, n.Pos().Col, n.Text, offset); ok {
		return diag.Pos{File: n.Pos().File, Line: line, Col: col}
	}
	return n.Pos()
}

// walkScalar finds the line and column (1-based, in runes) where value
// byte off was written, for a flow scalar (plain, 'single' or "double"
// quoted) starting at line:col.
func walkScalar(src []byte, line, col int, value string, off int) (int, int, bool) {
	lines := strings.SplitAfter(string(src), "\n")
	if line < 1 || line > len(lines) || off < 0 || off > len(value) {
		return 0, 0, false
	}
	cur := lines[line-1]
	i := runeIndex(cur, col-1)
	if i < 0 || i >= len(cur) {
		return 0, 0, false
	}
	quote := cur[i]
	switch quote {
	case '"', '\'':
		i++
	case '|', '>':
		return walkBlock(lines, line, cur[i+1:], value, off, quote == '|')
	default:
		quote = 0
	}
	v := 0
	for {
		if v >= off {
			return line, utf8.RuneCountInString(cur[:i]) + 1, true
		}
		if i >= len(cur) || cur[i] == '\n' || cur[i] == '\r' {
			// A line break inside the scalar folds to one space, or to
			// n newlines when n empty lines follow.
			blank := 0
			for {
				line++
				if line > len(lines) {
					return 0, 0, false
				}
				cur = lines[line-1]
				i = len(cur) - len(strings.TrimLeft(cur, " \t"))
				if strings.TrimSpace(cur) != "" {
					break
				}
				blank++
			}
			if blank == 0 {
				v++ // the space
			} else {
				v += blank
			}
			continue
		}
		c := cur[i]
		if c == ' ' || c == '\t' {
			// Blanks before a line break are dropped by folding.
			rest := strings.TrimLeft(cur[i:], " \t")
			if rest == "" || rest[0] == '\n' || rest[0] == '\r' {
				i = len(cur) - len(rest)
				continue
			}
		}
		switch {
		case quote == '\'' && c == '\'':
			if i+1 < len(cur) && cur[i+1] == '\'' {
				i += 2
				v++
				continue
			}
			return 0, 0, false // the closing quote, before off
		case quote == '"' && c == '"':
			return 0, 0, false
		case quote == '"' && c == '\\':
			src, out, ok := escapeWidth(cur[i:])
			if !ok {
				return 0, 0, false
			}
			if src == 0 { // escaped line break: joins without a space
				line++
				if line > len(lines) {
					return 0, 0, false
				}
				cur = lines[line-1]
				i = len(cur) - len(strings.TrimLeft(cur, " \t"))
				continue
			}
			i += src
			v += out
			continue
		}
		_, size := utf8.DecodeRuneInString(cur[i:])
		i += size
		v += size
	}
}

// walkBlock is walkScalar for a block scalar whose header (after | or >)
// is on line: content starts on the next line at the indentation of its
// first non-blank line. Folded (>) lines are taken as joined by single
// spaces, blank lines as newlines; more-indented folded lines are rare
// enough to be ignored.
func walkBlock(lines []string, line int, header, value string, off int, literal bool) (int, int, bool) {
	header = strings.TrimSpace(header)
	if strings.ContainsAny(header, "123456789") {
		return 0, 0, false // explicit indentation: relative to a parent kfc does not track here
	}
	indent := -1
	for l := line + 1; l <= len(lines); l++ {
		if t := strings.TrimRight(lines[l-1], "\r\n"); strings.TrimSpace(t) != "" {
			indent = len(t) - len(strings.TrimLeft(t, " "))
			break
		}
	}
	if indent <= 0 {
		return 0, 0, false
	}
	v, blanks := 0, 0
	for l := line + 1; l <= len(lines); l++ {
		t := strings.TrimRight(lines[l-1], "\r\n")
		if strings.TrimSpace(t) == "" {
			blanks++
			continue
		}
		if len(t)-len(strings.TrimLeft(t, " ")) < indent {
			return 0, 0, false // the block ended before off
		}
		if l > line+1 && v > 0 {
			switch {
			case literal:
				v += blanks + 1
			case blanks > 0:
				v += blanks
			default:
				v++
			}
		} else {
			v += blanks
		}
		blanks = 0
		content := t[indent:]
		if off <= v+len(content) && off >= v {
			return l, indent + utf8.RuneCountInString(content[:off-v]) + 1, true
		}
		v += len(content)
	}
	return 0, 0, false
}

// escapeWidth reads a double-quoted escape at s[0] == '\\' and returns its
// length in the source and in the value (UTF-8 bytes); src 0 means an
// escaped line break.
func escapeWidth(s string) (src, out int, ok bool) {
	if len(s) < 2 {
		return 0, 0, false
	}
	hex := func(n int) (int, int, bool) {
		if len(s) < 2+n {
			return 0, 0, false
		}
		var r rune
		for _, c := range s[2 : 2+n] {
			switch {
			case '0' <= c && c <= '9':
				r = r*16 + c - '0'
			case 'a' <= c && c <= 'f':
				r = r*16 + c - 'a' + 10
			case 'A' <= c && c <= 'F':
				r = r*16 + c - 'A' + 10
			default:
				return 0, 0, false
			}
		}
		return 2 + n, utf8.RuneLen(r), r >= 0 && utf8.RuneLen(r) > 0
	}
	switch s[1] {
	case '\n', '\r':
		return 0, 0, true
	case 'x':
		return hex(2)
	case 'u':
		return hex(4)
	case 'U':
		return hex(8)
	case 'N', '_':
		return 2, 2, true // U+0085, U+00A0
	case 'L', 'P':
		return 2, 3, true // U+2028, U+2029
	case '0', 'a', 'b', 't', '\t', 'n', 'v', 'f', 'r', 'e', ' ', '"', '/', '\\':
		return 2, 1, true
	}
	return 0, 0, false
}

// sourceLine returns line n (1-based) of src without its line break.
func sourceLine(src []byte, n int) string {
	if n < 1 {
		return ""
	}
	s := string(src)
	for ; n > 1; n-- {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			return ""
		}
		s = s[i+1:]
	}
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSuffix(s, "\r")
}

// runeIndex is the byte index of rune number r in s, or -1.
func runeIndex(s string, r int) int {
	if r < 0 {
		return -1
	}
	for i := range s {
		if r == 0 {
			return i
		}
		r--
	}
	if r == 0 {
		return len(s)
	}
	return -1
}
