// Package graph draws a run plan's pipeline: nodes, the datasets between
// them and the parameters they read, with namespaces as nested boxes.
// Mermaid output renders as-is on GitHub (in a ```mermaid block or a .mmd
// file); DOT output is for Graphviz.
package graph

import (
	"sort"
	"strings"

	"github.com/kfc-dev/kfc/compiler/plan"
)

// Kind tells vertices apart; each is drawn with its own shape.
type Kind int

const (
	Task      Kind = iota // a node (a process)
	Dataset               // a persisted dataset
	Ephemeral             // a dataset living in the run folder only
	Parameter             // a params: reference
)

// Vertex is one box of the drawing.
type Vertex struct {
	Key   string // stable: the plan id, or "param:<ref>"
	Label string
	Kind  Kind
}

// Edge connects two vertices by key.
type Edge struct {
	From, To string
	Param    bool // a parameter read, drawn dashed
}

// Cluster is a namespace: its own vertices and nested namespaces.
type Cluster struct {
	Name     string // full dotted namespace
	Label    string // last part
	Vertices []*Vertex
	Children []*Cluster
}

// Graph is a drawable view of a plan, in a deterministic order.
type Graph struct {
	Root  Cluster // the unnamed top level
	Edges []Edge
}

// FromPlan builds the drawing of p: every node, every dataset the nodes
// read or write and every parameter they consume. A node sits in the box
// of its namespace; a dataset sits in the box its dotted name points at
// (`candidate.regressor` in `candidate`) when that namespace has nodes.
func FromPlan(p *plan.Plan) *Graph {
	g := &Graph{}
	clusters := map[string]*Cluster{"": &g.Root}
	var cluster func(ns string) *Cluster
	cluster = func(ns string) *Cluster {
		if c := clusters[ns]; c != nil {
			return c
		}
		parentName, label := "", ns
		if i := strings.LastIndexByte(ns, '.'); i >= 0 {
			parentName, label = ns[:i], ns[i+1:]
		}
		parent := cluster(parentName)
		c := &Cluster{Name: ns, Label: label}
		parent.Children = append(parent.Children, c)
		clusters[ns] = c
		return c
	}
	for _, n := range p.Nodes {
		label := n.Name
		if n.Namespace != "" {
			label = strings.TrimPrefix(n.Name, n.Namespace+".")
		}
		c := cluster(n.Namespace)
		c.Vertices = append(c.Vertices, &Vertex{Key: n.ID, Label: label, Kind: Task})
	}
	// Transcoded variants (x@pandas, x@spark) are one dataset in the graph,
	// as in Kedro and Kedro-Viz.
	vertexOf := map[string]string{} // dataset name -> vertex key
	placed := map[string]*Vertex{}
	for _, name := range sortedDatasetNames(p) {
		d := p.Datasets[name]
		base, _, _ := strings.Cut(name, "@")
		key := plan.DatasetID(base)
		vertexOf[name] = key
		if v := placed[key]; v != nil {
			if d.Persisted && v.Kind == Ephemeral {
				v.Kind = Dataset
			}
			continue
		}
		kind := Dataset
		if !d.Persisted {
			kind = Ephemeral
		}
		home := &g.Root
		if i := strings.LastIndexByte(base, '.'); i >= 0 {
			if c := clusters[base[:i]]; c != nil {
				home = c
			}
		}
		v := &Vertex{Key: key, Label: base, Kind: kind}
		placed[key] = v
		home.Vertices = append(home.Vertices, v)
	}
	params := map[string]bool{}
	seen := map[Edge]bool{}
	edge := func(e Edge) {
		if !seen[e] {
			seen[e] = true
			g.Edges = append(g.Edges, e)
		}
	}
	for _, n := range p.Nodes {
		for _, in := range n.Inputs {
			if key := vertexOf[in]; key != "" {
				edge(Edge{From: key, To: n.ID})
			}
		}
		for _, out := range n.Outputs {
			if key := vertexOf[out]; key != "" {
				edge(Edge{From: n.ID, To: key})
			}
		}
		for _, ref := range sortedParamRefs(n) {
			key := "param:" + ref
			params[ref] = true
			edge(Edge{From: key, To: n.ID, Param: true})
		}
	}
	for _, ref := range sortedSet(params) {
		g.Root.Vertices = append(g.Root.Vertices, &Vertex{Key: "param:" + ref, Label: ref, Kind: Parameter})
	}
	sortCluster(&g.Root)
	return g
}

func sortCluster(c *Cluster) {
	sort.SliceStable(c.Vertices, func(i, j int) bool {
		a, b := c.Vertices[i], c.Vertices[j]
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Key < b.Key
	})
	sort.Slice(c.Children, func(i, j int) bool { return c.Children[i].Name < c.Children[j].Name })
	for _, ch := range c.Children {
		sortCluster(ch)
	}
}

func sortedDatasetNames(p *plan.Plan) []string {
	out := make([]string, 0, len(p.Datasets))
	for k := range p.Datasets {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sortedParamRefs(n *plan.Node) []string {
	out := make([]string, 0, len(n.Parameters))
	for k := range n.Parameters {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// walk visits every cluster depth-first, parents before children.
func (g *Graph) walk(visit func(c *Cluster, depth int, enter bool)) {
	var rec func(c *Cluster, depth int)
	rec = func(c *Cluster, depth int) {
		visit(c, depth, true)
		for _, ch := range c.Children {
			rec(ch, depth+1)
		}
		visit(c, depth, false)
	}
	rec(&g.Root, 0)
}
