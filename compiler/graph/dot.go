package graph

import (
	"fmt"
	"io"
	"strings"

	"github.com/kfc-dev/kfc/internal/esc"
)

// DOT writes g for Graphviz: namespaces as nested clusters, nodes as
// boxes, persisted datasets as cylinders, run-folder datasets as dashed
// rounded boxes, parameters as dashed notes with dashed edges. Vertex ids
// are the plan's ids, quoted.
func DOT(w io.Writer, g *Graph) error {
	var b strings.Builder
	b.WriteString("digraph pipeline {\n")
	b.WriteString("  rankdir=LR;\n")
	b.WriteString("  node [fontname=\"Helvetica\", fontsize=11];\n")
	b.WriteString("  edge [color=\"#5f6368\"];\n")
	g.walk(func(c *Cluster, depth int, enter bool) {
		pad := strings.Repeat("  ", depth+1)
		if c.Name != "" {
			outer := strings.Repeat("  ", depth)
			if !enter {
				fmt.Fprintf(&b, "%s}\n", outer)
				return
			}
			fmt.Fprintf(&b, "%ssubgraph %s {\n", outer, dotQuote("cluster_"+c.Name))
			fmt.Fprintf(&b, "%slabel=%s;\n", pad, dotQuote(c.Label))
			fmt.Fprintf(&b, "%sstyle=\"rounded,dashed\";\n", pad)
		} else if !enter {
			return
		}
		for _, v := range c.Vertices {
			fmt.Fprintf(&b, "%s%s [label=%s, %s];\n", pad, dotQuote(v.Key), dotQuote(v.Label), dotStyle(v.Kind))
		}
	})
	for _, e := range g.Edges {
		style := ""
		if e.Param {
			style = " [style=dashed]"
		}
		fmt.Fprintf(&b, "  %s -> %s%s;\n", dotQuote(e.From), dotQuote(e.To), style)
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func dotStyle(k Kind) string {
	switch k {
	case Task:
		return `shape=box, style="rounded,filled", fillcolor="#e8f0fe"`
	case Dataset:
		return `shape=cylinder, style=filled, fillcolor="#e6f4ea"`
	case Ephemeral:
		return `shape=box, style="rounded,dashed"`
	}
	return `shape=note, style="filled,dashed", fillcolor="#fef7e0"`
}

// dotQuote writes a DOT double-quoted string: control characters as
// esc.Text writes them, then only the quote needs an escape in DOT;
// backslashes are doubled so none starts an escape of its own.
func dotQuote(s string) string {
	return `"` + dotEscapes.Replace(esc.Text(s)) + `"`
}

var dotEscapes = strings.NewReplacer(`\`, `\\`, `"`, `\"`)
