package tree

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// PyYAML drops exactly one byte order mark, at the very start of the
// stream; any further BOM is text (a key "\ufeffa"). go-yaml drops one
// while decoding and its scanner another at the start of the first line,
// which also moves that line's content one column right ("\ufeff\ufeffa:
// 1\nb: 2" then fails on line 2). So the BOMs after the first are hidden
// from go-yaml behind a private-use character the file does not contain,
// and put back in the tree.

const bom = "\ufeff"

// hideLeadingBOMs returns src with the BOMs after a first one replaced by
// a stand-in of the same width (3 bytes, 1 column), and the stand-in; src
// itself and 0 when there are none.
func hideLeadingBOMs(src []byte) ([]byte, rune) {
	if !bytes.HasPrefix(src, []byte(bom+bom)) {
		return src, 0
	}
	var mark rune
	for r := rune(0xE000); r <= 0xF8FF; r++ {
		if !bytes.ContainsRune(src, r) {
			mark = r
			break
		}
	}
	if mark == 0 {
		return src, 0 // every private-use character present: not a real file
	}
	out := append([]byte(nil), src...)
	stand := utf8.AppendRune(nil, mark)
	for i := len(bom); bytes.HasPrefix(out[i:], []byte(bom)); i += len(bom) {
		copy(out[i:], stand)
	}
	return out, mark
}

// restoreBOMs puts the hidden BOMs back into the keys and scalars of n.
func restoreBOMs(n *Node, mark rune) {
	if n == nil || mark == 0 {
		return
	}
	m := string(mark)
	n.Text = strings.ReplaceAll(n.Text, m, bom)
	for i := range n.Pairs {
		n.Pairs[i].Key = strings.ReplaceAll(n.Pairs[i].Key, m, bom)
		restoreBOMs(n.Pairs[i].Value, mark)
	}
	for _, it := range n.Items {
		restoreBOMs(it, mark)
	}
}
