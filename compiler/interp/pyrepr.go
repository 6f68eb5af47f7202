package interp

import (
	"github.com/kfc-dev/kfc/internal/py"
	"strings"

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
func pyQuote(s string) string { return py.Repr(s) }

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
