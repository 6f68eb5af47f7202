package interp

import (
	"fmt"
	"math"
	"strings"

	"github.com/kfc-dev/kfc/compiler/tree"
	"github.com/kfc-dev/kfc/internal/py"
)

// pyJSON writes n as Python's json.dumps does (ensure_ascii, ", " and ": "
// separators, float repr, NaN/Infinity), so results compare byte for byte
// with what the OmegaConf harness printed.
func pyJSON(n *tree.Node) string {
	var b strings.Builder
	writePyJSON(&b, n)
	return b.String()
}

func writePyJSON(b *strings.Builder, n *tree.Node) {
	switch n.Kind {
	case tree.Null:
		b.WriteString("null")
	case tree.Bool:
		b.WriteString(map[bool]string{true: "true", false: "false"}[n.Bool])
	case tree.Int:
		b.WriteString(n.IntText())
	case tree.Float:
		switch {
		case math.IsNaN(n.Float):
			b.WriteString("NaN")
		case math.IsInf(n.Float, 1):
			b.WriteString("Infinity")
		case math.IsInf(n.Float, -1):
			b.WriteString("-Infinity")
		default:
			b.WriteString(py.FloatRepr(n.Float))
		}
	case tree.String:
		writePyJSONString(b, n.Text)
	case tree.Map:
		b.WriteByte('{')
		for i, p := range n.Pairs {
			if i > 0 {
				b.WriteString(", ")
			}
			writePyJSONString(b, p.Key)
			b.WriteString(": ")
			writePyJSON(b, p.Value)
		}
		b.WriteByte('}')
	case tree.Seq:
		b.WriteByte('[')
		for i, it := range n.Items {
			if i > 0 {
				b.WriteString(", ")
			}
			writePyJSON(b, it)
		}
		b.WriteByte(']')
	}
}

func writePyJSONString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r > 0x7e:
			if r > 0xffff {
				r -= 0x10000
				fmt.Fprintf(b, `\u%04x\u%04x`, 0xd800+(r>>10), 0xdc00+(r&0x3ff))
			} else {
				fmt.Fprintf(b, `\u%04x`, r)
			}
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
}
