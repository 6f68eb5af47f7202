package tree

import (
	"fmt"

	yaml "go.yaml.in/yaml/v3"
)

// MaxDepth bounds how deep mappings and lists nest (the root counts as 1),
// so that output (indented YAML, plans) stays proportional to input.
// Kedro's loader cannot go much deeper: OmegaConf 2.2 on Python 3.11
// fails with a RecursionError from 82 nested mappings (90 lists), plain
// PyYAML from about 490 (see docs/security.md).
const MaxDepth = 64

var deepMessage = fmt.Sprintf("mappings and lists nest more than %d deep here; Kedro's loader fails not much deeper (RecursionError), and kfc stops reading the file", MaxDepth)

// stopped reports whether a limit cut the tree short.
func (b *builder) stopped() bool { return b.tooBig || b.tooDeep }

// enter opens a mapping or list; false when it nests deeper than MaxDepth
// (reported once per file).
func (b *builder) enter(n *yaml.Node) bool {
	if b.depth >= MaxDepth {
		if !b.tooDeep {
			b.tooDeep = true
			at := n
			if b.alias != nil {
				at = b.alias // where the file nests it, not where the anchor is
			}
			b.diags.Reportf(b.pos(at), CodeSyntax, "%s", deepMessage)
		}
		return false
	}
	b.depth++
	b.peak = max(b.peak, b.depth)
	return true
}

// deepBracket returns the line and column of the flow bracket that opens
// level max+1, skipping quoted scalars and comments (1, 1 if none does).
func deepBracket(src []byte, max int) (line, col int) {
	line, col = 1, 0
	depth := 0
	var quote byte
	comment := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c&0xC0 != 0x80 {
			col++ // columns count characters, as go-yaml's do
		}
		if c == '\n' {
			line, col, comment = line+1, 0, false
			continue
		}
		switch {
		case comment:
		case quote == '"' && c == '\\':
			i++
			col++
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#' && (i == 0 || src[i-1] == ' ' || src[i-1] == '\t'):
			comment = true
		case c == '[' || c == '{':
			if depth++; depth > max {
				return line, col
			}
		case c == ']' || c == '}':
			depth--
		}
	}
	return 1, 1
}
