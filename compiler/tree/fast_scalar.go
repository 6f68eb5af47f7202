package tree

import (
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// The scalars and flow collections of fastRead (see fast.go). Quoted
// scalars are on one line, or declined.

// plainStart reports whether c (followed by next) may start a plain scalar
// the reader takes: not an indicator, and `-` only before a character that
// is neither blank nor a flow indicator.
func plainStart(c, next byte) bool {
	switch c {
	case '-':
		return !strings.ContainsRune(" \n,[]{}#", rune(next)) && next != 0
	case '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', ' ', '\n':
		return false
	}
	return true
}

// plain reads a plain scalar. In block context a line of it ends at `: `,
// ` #` or the line's end; in a flow collection also at `,`, `]`, `}`, and
// `?`, `[`, `{` in it are left to yaml.v3. A value in a block at column
// col (-1: keys and flow scalars, which stay on their line) goes on to the
// next lines indented past col, folded as yaml.v3 folds them.
func (r *reader) plain(p props, flow bool, col int) *yaml.Node {
	var next byte
	if r.i+1 < len(r.s) {
		next = r.s[r.i+1]
	}
	if !plainStart(r.s[r.i], next) {
		return nil
	}
	at := r.at(p)
	start := r.i
	end, ok := r.plainLine(flow)
	if !ok {
		return nil
	}
	value := r.s[start:end]
	if col >= 0 && r.i < len(r.s) && r.s[r.i] == '\n' {
		var folded []byte
		if value, folded, end, ok = r.plainLines(value, col, end); !ok {
			return nil
		} else if folded != nil {
			value = string(folded)
		}
	}
	r.i = end
	n := r.newNode(yaml.ScalarNode, at)
	n.Value = value
	defaultTag := ""
	if n.Value == "<<" {
		defaultTag = "!!merge"
	}
	r.open(n, p, defaultTag)
	return n
}

// plainLine scans one line of a plain scalar from r.i, leaving r.i where
// it stops; end is past its last non-space.
func (r *reader) plainLine(flow bool) (end int, ok bool) {
	end = r.i
	for r.i < len(r.s) {
		switch c := r.s[r.i]; c {
		case '\n':
			return end, true
		case ' ':
			if r.i+1 < len(r.s) && r.s[r.i+1] == '#' {
				return end, true
			}
			r.i++
			continue
		case ':':
			if r.blankAt(r.i + 1) {
				return end, true
			}
		case ',', ']', '}':
			if flow {
				return end, true
			}
		case '?', '[', '{':
			if flow {
				return end, false
			}
		}
		r.i++
		end = r.i
	}
	return end, true
}

// plainLines reads the lines a block plain scalar goes on to, r.i being at
// the break after its first line (value, ending at end). yaml.v3 joins
// lines with a space, or with n-1 line breaks across n; a comment line or
// a line not indented past col ends the scalar. folded is nil when the
// scalar is one line.
func (r *reader) plainLines(value string, col, end int) (_ string, folded []byte, _ int, ok bool) {
	for r.i < len(r.s) && r.s[r.i] == '\n' {
		j, line, ls, breaks := r.i, r.line, r.ls, 0
		for j < len(r.s) && (r.s[j] == '\n' || r.s[j] == ' ') {
			if r.s[j] == '\n' {
				breaks, line, ls = breaks+1, line+1, j+1
			}
			j++
		}
		if j >= len(r.s) || r.s[j] == '#' || j-ls <= col {
			break
		}
		if folded == nil {
			folded = append(folded, value...)
		}
		if breaks == 1 {
			folded = append(folded, ' ')
		}
		for ; breaks > 1; breaks-- {
			folded = append(folded, '\n')
		}
		r.i, r.line, r.ls = j, line, ls
		lineEnd, ok := r.plainLine(false)
		if !ok || r.i < len(r.s) && r.s[r.i] == ':' {
			return "", nil, 0, false // `key: a\n  b: c`: yaml.v3's error
		}
		folded = append(folded, r.s[j:lineEnd]...)
		end = lineEnd
	}
	return value, folded, end, true
}

// quoted reads a one-line single- or double-quoted scalar.
func (r *reader) quoted(p props) *yaml.Node {
	at := r.at(p)
	q := r.s[r.i]
	r.i++
	start := r.i
	var b strings.Builder // only once an escape is met
	escaped := false
	for {
		if r.eol() {
			return nil // a quoted scalar over lines: left to yaml.v3
		}
		c := r.s[r.i]
		if c == q {
			if q == '\'' && r.i+1 < len(r.s) && r.s[r.i+1] == '\'' {
				if !escaped {
					b.WriteString(r.s[start:r.i])
					escaped = true
				}
				b.WriteByte('\'')
				r.i += 2
				continue
			}
			break
		}
		if q == '"' && c == '\\' {
			if !escaped {
				b.WriteString(r.s[start:r.i])
				escaped = true
			}
			if !r.escape(&b) {
				return nil
			}
			continue
		}
		if escaped {
			b.WriteByte(c)
		}
		r.i++
	}
	value := r.s[start:r.i]
	if escaped {
		value = b.String()
	}
	r.i++ // the closing quote
	n := r.newNode(yaml.ScalarNode, at)
	n.Value = value
	r.open(n, p, "!!str")
	if q == '"' {
		n.Style |= yaml.DoubleQuotedStyle
	} else {
		n.Style |= yaml.SingleQuotedStyle
	}
	return n
}

// simpleEscapes are yaml.v3's one-character escapes in double quotes.
var simpleEscapes = map[byte]string{
	'0': "\x00", 'a': "\a", 'b': "\b", 't': "\t", 'n': "\n", 'v': "\v", 'f': "\f", 'r': "\r",
	'e': "\x1b", ' ': " ", '"': "\"", '/': "/", '\\': "\\",
	'N': "\u0085", '_': "\u00a0", 'L': "\u2028", 'P': "\u2029",
}

// escape reads the escape at r.i (a backslash) into b.
func (r *reader) escape(b *strings.Builder) bool {
	if r.i+1 >= len(r.s) {
		return false
	}
	c := r.s[r.i+1]
	if s, ok := simpleEscapes[c]; ok {
		b.WriteString(s)
		r.i += 2
		return true
	}
	digits := 0
	switch c {
	case 'x':
		digits = 2
	case 'u':
		digits = 4
	case 'U':
		digits = 8
	}
	if digits == 0 || r.i+2+digits > len(r.s) {
		return false
	}
	v := rune(0)
	for _, h := range []byte(r.s[r.i+2 : r.i+2+digits]) {
		switch {
		case '0' <= h && h <= '9':
			v = v<<4 | rune(h-'0')
		case 'a' <= h && h <= 'f':
			v = v<<4 | rune(h-'a'+10)
		case 'A' <= h && h <= 'F':
			v = v<<4 | rune(h-'A'+10)
		default:
			return false
		}
	}
	if v >= 0xD800 && v <= 0xDFFF || v > 0x10FFFF {
		return false // yaml.v3's error
	}
	b.WriteRune(v)
	r.i += 2 + digits
	return true
}

// flowSpace skips the spaces, comments and line breaks between the
// entries of a flow collection. A line the collection goes on to must be
// indented past the block holding it, and a comment needs a space before it.
func (r *reader) flowSpace() bool {
	r.spaces()
	if r.eol() || r.s[r.i] == '#' && r.s[r.i-1] == ' ' {
		return r.nextContent() && r.ind > r.flowCol
	}
	return r.s[r.i] != '#'
}

// flow reads a flow sequence or mapping. Each key and value is on one
// line, and a key on the line of its value.
func (r *reader) flow(p props) *yaml.Node {
	seq := r.s[r.i] == '['
	kind, tag, closer := yaml.MappingNode, "!!map", byte('}')
	if seq {
		kind, tag, closer = yaml.SequenceNode, "!!seq", ']'
	}
	n := r.collection(kind, p, tag)
	if n == nil {
		return nil
	}
	r.flows++
	defer func() { r.leave(); r.flows-- }()
	n.Style |= yaml.FlowStyle
	base := len(r.stack)
	r.i++
	if !r.flowSpace() {
		return nil
	}
	if r.i < len(r.s) && r.s[r.i] == closer {
		r.i++
		r.content(n, base)
		return n
	}
	for {
		if !seq {
			start := r.i
			k := r.flowItem(false)
			if k == nil || r.i-start > maxKeyBytes || r.i >= len(r.s) || r.s[r.i] != ':' || r.i+1 >= len(r.s) || r.s[r.i+1] != ' ' {
				return nil
			}
			r.i++
			r.stack = append(r.stack, k)
		}
		v := r.flowItem(true)
		if v == nil {
			return nil
		}
		r.stack = append(r.stack, v)
		if !r.flowSpace() || r.i >= len(r.s) {
			return nil
		}
		if r.s[r.i] == closer {
			r.i++
			break
		}
		if r.s[r.i] != ',' {
			return nil
		}
		r.i++
		if !r.flowSpace() || r.i >= len(r.s) || r.s[r.i] == closer {
			return nil // a trailing comma: left to yaml.v3
		}
	}
	r.content(n, base)
	return n
}

// flowItem reads one scalar, alias or nested collection in a flow
// collection; only values (not keys) may be aliases or collections.
func (r *reader) flowItem(value bool) *yaml.Node {
	r.spaces()
	if r.eol() {
		return nil
	}
	switch r.s[r.i] {
	case '"', '\'':
		return r.quoted(props{})
	case '*':
		if value {
			return r.alias()
		}
	case '[', '{':
		if value {
			return r.flow(props{})
		}
	default:
		return r.plain(props{}, true, -1)
	}
	return nil
}
