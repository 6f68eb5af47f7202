package graph

import (
	"fmt"
	"io"
	"strings"

	"github.com/kfc-dev/kfc/internal/esc"
)

// Mermaid writes g as a Mermaid flowchart, left to right. Vertex ids are
// generated (n1, d1, p1, s1...) so no dataset name can clash with Mermaid
// keywords; labels are quoted. Nodes are rectangles, persisted datasets
// cylinders, run-folder datasets rounded boxes, parameters hexagons
// reached by dashed edges.
func Mermaid(w io.Writer, g *Graph) error {
	ids := g.assignIDs()
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	g.walk(func(c *Cluster, depth int, enter bool) {
		indent := strings.Repeat("  ", depth+1)
		if c.Name != "" {
			if !enter {
				fmt.Fprintf(&b, "%send\n", strings.Repeat("  ", depth))
				return
			}
			fmt.Fprintf(&b, "%ssubgraph %s[\"%s\"]\n", strings.Repeat("  ", depth), ids[clusterKey(c)], mermaidText(c.Label))
		} else {
			if !enter {
				return
			}
			indent = "  "
		}
		for _, v := range c.Vertices {
			open, close := mermaidShape(v.Kind)
			fmt.Fprintf(&b, "%s%s%s\"%s\"%s\n", indent, ids[v.Key], open, mermaidText(v.Label), close)
		}
	})
	for _, e := range g.Edges {
		arrow := "-->"
		if e.Param {
			arrow = "-.->"
		}
		fmt.Fprintf(&b, "  %s %s %s\n", ids[e.From], arrow, ids[e.To])
	}
	b.WriteString("  classDef task fill:#e8f0fe,stroke:#3367d6,color:#0b2a66\n")
	b.WriteString("  classDef dataset fill:#e6f4ea,stroke:#188038,color:#0d3d1c\n")
	b.WriteString("  classDef ephemeral fill:#f8f9fa,stroke:#80868b,stroke-dasharray:4 3,color:#202124\n")
	b.WriteString("  classDef parameter fill:#fef7e0,stroke:#b06000,color:#4a2800\n")
	for _, k := range []Kind{Task, Dataset, Ephemeral, Parameter} {
		var members []string
		g.walk(func(c *Cluster, _ int, enter bool) {
			if !enter {
				return
			}
			for _, v := range c.Vertices {
				if v.Kind == k {
					members = append(members, ids[v.Key])
				}
			}
		})
		if len(members) > 0 {
			fmt.Fprintf(&b, "  class %s %s\n", strings.Join(members, ","), kindClass(k))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func clusterKey(c *Cluster) string { return "cluster:" + c.Name }

// assignIDs numbers vertices per kind and clusters, in drawing order.
func (g *Graph) assignIDs() map[string]string {
	ids := map[string]string{}
	counts := map[string]int{}
	next := func(prefix string) string {
		counts[prefix]++
		return fmt.Sprintf("%s%d", prefix, counts[prefix])
	}
	g.walk(func(c *Cluster, _ int, enter bool) {
		if !enter {
			return
		}
		if c.Name != "" {
			ids[clusterKey(c)] = next("s")
		}
		for _, v := range c.Vertices {
			ids[v.Key] = next(kindPrefix(v.Kind))
		}
	})
	return ids
}

func kindPrefix(k Kind) string {
	switch k {
	case Task:
		return "n"
	case Parameter:
		return "p"
	}
	return "d"
}

func kindClass(k Kind) string {
	switch k {
	case Task:
		return "task"
	case Dataset:
		return "dataset"
	case Ephemeral:
		return "ephemeral"
	}
	return "parameter"
}

func mermaidShape(k Kind) (string, string) {
	switch k {
	case Task:
		return "[", "]"
	case Dataset:
		return "[(", ")]"
	case Ephemeral:
		return "(", ")"
	}
	return "{{", "}}"
}

// mermaidText escapes a label for a quoted Mermaid string: control
// characters as esc.Text writes them, quotes and angle brackets as entity
// codes, so no name can end the string, open HTML or reach a terminal raw.
func mermaidText(s string) string {
	// Mermaid reads #name; as an entity and backticks as markdown strings,
	// so both are written as entities too (one pass: no double escaping).
	return mermaidEntities.Replace(esc.Text(s))
}

var mermaidEntities = strings.NewReplacer("#", "#35;", "`", "#96;", `"`, "#quot;", "<", "#lt;", ">", "#gt;")
