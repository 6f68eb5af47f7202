package interp

import (
	"github.com/kfc-dev/kfc/compiler/tree"
)

// pyStr is Python's str() of a value, which is what OmegaConf puts in a
// string with several parts: scalars as tree.Node.Str, mappings and lists
// as their repr (of the values as written, since str() of a DictConfig
// does not resolve it).
func pyStr(n *tree.Node) string {
	if isContainer(n) {
		s, _ := tree.Repr(n, tree.OmegaConf, nil) // no leaf function: no error
		return s
	}
	return n.Str()
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
