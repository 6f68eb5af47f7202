package tree

import (
	"strings"

	"github.com/kfc-dev/kfc/internal/py"
)

// Repr is repr() of a loaded value, which is also what str() of a list
// or dict shows: containers as Python prints them, keys as the key the
// dialect's loader built (an int key prints bare), strings quoted, other
// scalars through leaf. A nil leaf prints them as Node.Str does; a
// dialect with values of its own (PyYAML's dates) passes its own, and its
// error stops the walk.
func Repr(n *Node, dialect Dialect, leaf func(*Node) (string, error)) (string, error) {
	var b strings.Builder
	err := writeRepr(&b, n, dialect, leaf)
	return b.String(), err
}

func writeRepr(b *strings.Builder, n *Node, dialect Dialect, leaf func(*Node) (string, error)) error {
	switch {
	case n == nil:
		b.WriteString("None")
	case n.Kind == Seq:
		b.WriteByte('[')
		for i, it := range n.Items {
			if i > 0 {
				b.WriteString(", ")
			}
			if err := writeRepr(b, it, dialect, leaf); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case n.Kind == Map:
		b.WriteByte('{')
		for i, p := range n.Pairs {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(keyRepr(p.Key, dialect))
			b.WriteString(": ")
			if err := writeRepr(b, p.Value, dialect, leaf); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case leaf != nil:
		s, err := leaf(n)
		if err != nil {
			return err
		}
		b.WriteString(s)
	case n.Kind == String:
		b.WriteString(py.Repr(n.Text))
	default:
		b.WriteString(n.Str())
	}
	return nil
}

// keyRepr is repr() of a mapping key. The tree keeps keys as str() of the
// loaded key, so a key that reads back as a bool, int or float was one (a
// quoted "1" key is the one case this gets wrong).
func keyRepr(k string, dialect Dialect) string {
	if k != "None" {
		if r := ResolveScalar(k, dialect); r.Kind != String && r.Kind != Null {
			return k
		}
	}
	return py.Repr(k)
}
