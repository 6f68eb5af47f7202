package tree

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/kfc-dev/kfc/internal/esc"
	"github.com/kfc-dev/kfc/internal/py"
	yaml "go.yaml.in/yaml/v3"
)

// JSON encodes n with map keys in file order. Floats are written as Python
// writes them (1e-05, 100000.0); NaN and infinities, which JSON cannot
// hold, become the strings "NaN", "Infinity" and "-Infinity".
func (n *Node) JSON(indent string) []byte {
	var b bytes.Buffer
	n.writeJSON(&b, indent, "")
	return b.Bytes()
}

func (n *Node) writeJSON(b *bytes.Buffer, indent, prefix string) {
	if n == nil {
		b.WriteString("null")
		return
	}
	inner := prefix + indent
	nl := func(p string) {
		if indent != "" {
			b.WriteByte('\n')
			b.WriteString(p)
		}
	}
	switch n.Kind {
	case Null:
		b.WriteString("null")
	case Bool:
		b.WriteString(strconv.FormatBool(n.Bool))
	case Int:
		b.WriteString(n.IntText())
	case Float:
		switch {
		case math.IsNaN(n.Float):
			b.WriteString(`"NaN"`)
		case math.IsInf(n.Float, 1):
			b.WriteString(`"Infinity"`)
		case math.IsInf(n.Float, -1):
			b.WriteString(`"-Infinity"`)
		default:
			b.WriteString(py.FloatRepr(n.Float))
		}
	case String:
		writeJSONString(b, n.Text)
	case Seq:
		if len(n.Items) == 0 {
			b.WriteString("[]")
			return
		}
		b.WriteByte('[')
		for i, it := range n.Items {
			if i > 0 {
				b.WriteByte(',')
			}
			nl(inner)
			it.writeJSON(b, indent, inner)
		}
		nl(prefix)
		b.WriteByte(']')
	case Map:
		if len(n.Pairs) == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteByte('{')
		for i, p := range n.Pairs {
			if i > 0 {
				b.WriteByte(',')
			}
			nl(inner)
			writeJSONString(b, p.Key)
			b.WriteByte(':')
			if indent != "" {
				b.WriteByte(' ')
			}
			p.Value.writeJSON(b, indent, inner)
		}
		nl(prefix)
		b.WriteByte('}')
	}
}

// writeJSONString writes s with kfc's one JSON string encoder, then
// escapes what a terminal would act on (esc.JSON): this output is read.
func writeJSONString(b *bytes.Buffer, s string) {
	b.WriteString(esc.JSON(string(esc.AppendJSONString(nil, s))))
}

// escapeWide writes the non-ASCII characters esc.Text escapes (C1
// controls, bidi and other invisible format characters, which the YAML
// encoder leaves raw) as YAML double-quoted escapes, \uXXXX or, above
// U+FFFF, \UXXXXXXXX (YAML has no surrogate pairs): config output is read
// in terminals too. JSON output uses esc.JSON.
func escapeWide(s string) string {
	if !hasWide(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x80 || !esc.Unsafe(r):
			b.WriteRune(r)
		case r > 0xffff:
			fmt.Fprintf(&b, `\U%08x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

func hasWide(s string) bool {
	for _, r := range s {
		if r >= 0x80 && esc.Unsafe(r) {
			return true
		}
	}
	return false
}

// YAML encodes n as block YAML with map keys in file order.
func (n *Node) YAML() []byte {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	_ = enc.Encode(n.yamlNode()) // encoding a well-formed node tree cannot fail
	_ = enc.Close()
	// Only double-quoted scalars hold such characters (yamlString).
	return []byte(escapeWide(b.String()))
}

func (n *Node) yamlNode() *yaml.Node {
	if n == nil {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
	}
	switch n.Kind {
	case Map:
		y := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		for _, p := range n.Pairs {
			y.Content = append(y.Content, yamlString(p.Key), p.Value.yamlNode())
		}
		return y
	case Seq:
		y := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for _, it := range n.Items {
			y.Content = append(y.Content, it.yamlNode())
		}
		return y
	case Null:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
	case Bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(n.Bool)}
	case Int:
		if n.Big != nil {
			// No tag: go-yaml would print one, since its resolver reads
			// an integer beyond 64 bits as a float; PyYAML reads it back as an int.
			return &yaml.Node{Kind: yaml.ScalarNode, Value: n.IntText()}
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: n.IntText()}
	case Float:
		v := py.FloatRepr(n.Float)
		switch v {
		case "nan":
			v = ".nan"
		case "inf":
			v = ".inf"
		case "-inf":
			v = "-.inf"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: v}
	}
	y := yamlString(n.Text)
	// Quote strings a YAML 1.1 reader would otherwise retype (yes, 1e5, 010).
	if r := ResolveScalar(n.Text, OmegaConf); r.Kind != String {
		y.Style = yaml.DoubleQuotedStyle
	}
	return y
}

// yamlString is a string scalar; one holding a character escapeWide
// rewrites is double-quoted, the only style where its escape is valid.
func yamlString(s string) *yaml.Node {
	y := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if hasWide(s) {
		y.Style = yaml.DoubleQuotedStyle
	}
	return y
}

// Any converts n to plain Go values (map[string]any loses key order; use
// it only where order does not matter, such as schema validation).
func (n *Node) Any() any {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case Null:
		return nil
	case Bool:
		return n.Bool
	case Int:
		if n.Big != nil {
			return n.Big
		}
		return n.Int
	case Float:
		return n.Float
	case String:
		return n.Text
	case Seq:
		out := make([]any, len(n.Items))
		for i, it := range n.Items {
			out[i] = it.Any()
		}
		return out
	}
	out := make(map[string]any, len(n.Pairs))
	for _, p := range n.Pairs {
		out[p.Key] = p.Value.Any()
	}
	return out
}
