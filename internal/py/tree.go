package py

import (
	"strings"

	"github.com/kfc-dev/kfc/compiler/tree"
)

// ReprTree is repr() of a loaded value, which is also what str() of a list
// or dict shows: containers as Python prints them, keys as the key the
// dialect's loader built (an int key prints bare), strings quoted, other
// scalars through leaf. A nil leaf prints them as tree.Node.Str does; a
// dialect with values of its own (PyYAML's dates) passes its own, and its
// error stops the walk.
func ReprTree(n *tree.Node, dialect tree.Dialect, leaf func(*tree.Node) (string, error)) (string, error) {
	var b strings.Builder
	err := writeTree(&b, n, dialect, leaf)
	return b.String(), err
}

func writeTree(b *strings.Builder, n *tree.Node, dialect tree.Dialect, leaf func(*tree.Node) (string, error)) error {
	switch {
	case n == nil:
		b.WriteString("None")
	case n.Kind == tree.Seq:
		b.WriteByte('[')
		for i, it := range n.Items {
			if i > 0 {
				b.WriteString(", ")
			}
			if err := writeTree(b, it, dialect, leaf); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case n.Kind == tree.Map:
		b.WriteByte('{')
		for i, p := range n.Pairs {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(keyRepr(p.Key, dialect))
			b.WriteString(": ")
			if err := writeTree(b, p.Value, dialect, leaf); err != nil {
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
	case n.Kind == tree.String:
		b.WriteString(Repr(n.Text))
	default:
		b.WriteString(n.Str())
	}
	return nil
}

// keyRepr is repr() of a mapping key. The tree keeps keys as str() of the
// loaded key, so a key that reads back as a bool, int or float was one (a
// quoted "1" key is the one case this gets wrong).
func keyRepr(k string, dialect tree.Dialect) string {
	if k != "None" {
		if r := tree.ResolveScalar(k, dialect); r.Kind != tree.String && r.Kind != tree.Null {
			return k
		}
	}
	return Repr(k)
}
