package interp

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/kfc-dev/kfc/compiler/tree"
)

// pyStr is Python's str() of a value, which is what OmegaConf puts in a
// string with several parts: scalars as tree.Node.Str, mappings and lists
// as their repr (of the values as written, since str() of a DictConfig
// does not resolve it).
func pyStr(n *tree.Node) string {
	if isContainer(n) {
		var b strings.Builder
		writeRepr(&b, n)
		return b.String()
	}
	return n.Str()
}

func writeRepr(b *strings.Builder, n *tree.Node) {
	switch n.Kind {
	case tree.String:
		b.WriteString(pyQuote(n.Text))
	case tree.Map:
		b.WriteByte('{')
		for i, p := range n.Pairs {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(pyQuote(p.Key))
			b.WriteString(": ")
			writeRepr(b, p.Value)
		}
		b.WriteByte('}')
	case tree.Seq:
		b.WriteByte('[')
		for i, it := range n.Items {
			if i > 0 {
				b.WriteString(", ")
			}
			writeRepr(b, it)
		}
		b.WriteByte(']')
	default:
		b.WriteString(n.Str())
	}
}

// pyQuote is Python's repr() of a str.
func pyQuote(s string) string {
	q := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		q = '"'
	}
	var b strings.Builder
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == rune(q) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x7f && r >= 0x20:
			b.WriteRune(r)
		case r >= 0x7f && unicode.IsPrint(r):
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r < 0x10000:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			fmt.Fprintf(&b, `\U%08x`, r)
		}
	}
	b.WriteByte(q)
	return b.String()
}

// quoteShort quotes a config string for a message, cut to a readable length.
func quoteShort(s string) string {
	const max = 80
	if r := []rune(s); len(r) > max {
		s = string(r[:max-3]) + "..."
	}
	return "'" + s + "'"
}

// syntaxMessage describes a grammar error in the string s.
func syntaxMessage(s string, err *syntaxError) string {
	return "invalid interpolation " + quoteShort(s) + ": " + err.msg
}
