package plan

import (
	"fmt"
	"sort"
	"strings"

	"github.com/kfc-dev/kfc/compiler/pipeline"
	"github.com/kfc-dev/kfc/internal/py"
)

// Selection is `kedro run`'s node filters. Each non-empty filter picks a
// subset of the whole pipeline and the result is their intersection, as
// Kedro's Pipeline.filter does.
type Selection struct {
	Nodes      []string // --nodes: exactly these nodes (full names)
	FromNodes  []string // --from-nodes: these nodes and everything downstream
	ToNodes    []string // --to-nodes: these nodes and everything upstream
	FromInputs []string // --from-inputs: nodes depending on these datasets, transitively
	ToOutputs  []string // --to-outputs: nodes these datasets depend on, transitively
	Tags       []string // --tags: nodes with any of these tags
	Namespaces []string // --namespaces: nodes in these namespaces or below
}

// IsZero reports whether no filter is set.
func (s Selection) IsZero() bool {
	return len(s.Nodes)+len(s.FromNodes)+len(s.ToNodes)+len(s.FromInputs)+len(s.ToOutputs)+len(s.Tags)+len(s.Namespaces) == 0
}

// SelectionError lists every problem with what the command line asked
// for, one message each: the unknown names a selection used (with a
// suggestion where one is close), or an entry point's -P values.
type SelectionError struct {
	Problems []string
}

func (e *SelectionError) Error() string { return strings.Join(e.Problems, "\n") }

// graphIndex answers the reachability questions of the filters over one
// expanded pipeline. Dataset vertices have transcoding stripped.
type graphIndex struct {
	p         *pipeline.Pipeline
	nodes     map[string]*pipeline.Node
	producers map[string][]*pipeline.Node
	consumers map[string][]*pipeline.Node // datasets and parameter references
	names     []string                    // sorted node names
	datasets  []string                    // sorted dataset and parameter names
	tags      []string
	spaces    []string
}

func newGraphIndex(p *pipeline.Pipeline) *graphIndex {
	g := &graphIndex{p: p, nodes: map[string]*pipeline.Node{}, producers: map[string][]*pipeline.Node{}, consumers: map[string][]*pipeline.Node{}}
	tags, spaces, datasets := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, n := range p.Nodes {
		g.nodes[n.Name] = n
		g.names = append(g.names, n.Name)
		for _, t := range n.Tags {
			tags[t] = true
		}
		for ns := n.Namespace; ns != ""; {
			spaces[ns] = true
			i := strings.LastIndexByte(ns, '.')
			if i < 0 {
				break
			}
			ns = ns[:i]
		}
		for _, b := range n.Outputs {
			k := pipeline.StripTranscoding(b.Dataset)
			g.producers[k] = append(g.producers[k], n)
			datasets[k] = true
		}
		for _, b := range n.Inputs {
			k := pipeline.StripTranscoding(b.Dataset)
			g.consumers[k] = append(g.consumers[k], n)
			datasets[k] = true
		}
		for _, b := range n.Params {
			g.consumers[b.Dataset] = append(g.consumers[b.Dataset], n)
			datasets[b.Dataset] = true
		}
	}
	sort.Strings(g.names)
	g.tags = sortedKeys(tags)
	g.spaces = sortedKeys(spaces)
	g.datasets = sortedKeys(datasets)
	return g
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

type nodeSet map[*pipeline.Node]bool

// Select applies sel to p and returns the chosen nodes in p's order.
// Unknown node, dataset, tag or namespace names are a *SelectionError, and
// so is a selection that leaves no node.
func Select(p *pipeline.Pipeline, sel Selection) ([]*pipeline.Node, error) {
	if sel.IsZero() {
		if len(p.Nodes) == 0 {
			return nil, &SelectionError{Problems: []string{fmt.Sprintf("pipeline %q has no nodes", p.Name)}}
		}
		return append([]*pipeline.Node(nil), p.Nodes...), nil
	}
	g := newGraphIndex(p)
	var problems []string
	var subsets []nodeSet
	add := func(set nodeSet, errs []string) {
		problems = append(problems, errs...)
		subsets = append(subsets, set)
	}
	if len(sel.Nodes) > 0 {
		add(g.only("--nodes", sel.Nodes))
	}
	if len(sel.FromNodes) > 0 {
		add(g.fromNodes(sel.FromNodes))
	}
	if len(sel.ToNodes) > 0 {
		add(g.toNodes(sel.ToNodes))
	}
	if len(sel.FromInputs) > 0 {
		add(g.fromInputs("--from-inputs", sel.FromInputs))
	}
	if len(sel.ToOutputs) > 0 {
		add(g.toOutputs("--to-outputs", sel.ToOutputs))
	}
	if len(sel.Tags) > 0 {
		add(g.withTags(sel.Tags))
	}
	if len(sel.Namespaces) > 0 {
		add(g.inNamespaces(sel.Namespaces))
	}
	if len(problems) > 0 {
		return nil, &SelectionError{Problems: problems}
	}
	var out []*pipeline.Node
	for _, n := range p.Nodes {
		keep := true
		for _, s := range subsets {
			if !s[n] {
				keep = false
				break
			}
		}
		if keep {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		return nil, &SelectionError{Problems: []string{fmt.Sprintf("pipeline %q has no nodes left after applying the selectors", p.Name)}}
	}
	return out, nil
}

// only is Kedro's only_nodes: every name must exist.
func (g *graphIndex) only(flag string, names []string) (nodeSet, []string) {
	set := nodeSet{}
	var problems []string
	for _, name := range names {
		n := g.nodes[name]
		if n == nil {
			problems = append(problems, fmt.Sprintf("%s: pipeline %q has no node named %q%s", flag, g.p.Name, name, g.suggestNode(name)))
			continue
		}
		set[n] = true
	}
	return set, problems
}

// suggestNode prefers a namespaced node whose last part is the name given
// (Kedro's hint for a forgotten namespace), else the closest name.
func (g *graphIndex) suggestNode(name string) string {
	var namespaced []string
	for _, full := range g.names {
		if strings.HasSuffix(full, "."+name) {
			namespaced = append(namespaced, full)
		}
	}
	if len(namespaced) > 0 {
		return "; did you mean " + quoteAll(namespaced) + "?"
	}
	return suggest(name, g.names)
}

func suggest(name string, candidates []string) string {
	if s := py.CloseMatches(name, candidates); len(s) > 0 {
		return fmt.Sprintf("; did you mean %q?", s[0])
	}
	return ""
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, " or ")
}

// fromNodes is Kedro's from_nodes: the nodes and every node downstream of
// any of their outputs.
func (g *graphIndex) fromNodes(names []string) (nodeSet, []string) {
	set, problems := g.only("--from-nodes", names)
	var outs []string
	for n := range set {
		for _, b := range n.Outputs {
			outs = append(outs, pipeline.StripTranscoding(b.Dataset))
		}
	}
	for n := range g.downstream(outs) {
		set[n] = true
	}
	return set, problems
}

// toNodes is Kedro's to_nodes: the nodes and every node upstream of any of
// their inputs.
func (g *graphIndex) toNodes(names []string) (nodeSet, []string) {
	set, problems := g.only("--to-nodes", names)
	var ins []string
	for n := range set {
		for _, b := range n.Inputs {
			ins = append(ins, pipeline.StripTranscoding(b.Dataset))
		}
	}
	for n := range g.upstream(ins) {
		set[n] = true
	}
	return set, problems
}

// knownDatasets checks names against the pipeline's datasets and
// parameter references. Transcoded names match their base dataset (Kedro
// would silently select nothing for `x@pandas`).
func (g *graphIndex) knownDatasets(flag string, names []string) ([]string, []string) {
	var keys, problems []string
	for _, name := range names {
		k := name
		if !pipeline.IsParameter(name) {
			k = pipeline.StripTranscoding(name)
		}
		if len(g.producers[k]) == 0 && len(g.consumers[k]) == 0 {
			problems = append(problems, fmt.Sprintf("%s: pipeline %q has no dataset named %q%s", flag, g.p.Name, name, suggest(name, g.datasets)))
			continue
		}
		keys = append(keys, k)
	}
	return keys, problems
}

func (g *graphIndex) fromInputs(flag string, names []string) (nodeSet, []string) {
	keys, problems := g.knownDatasets(flag, names)
	return g.downstream(keys), problems
}

func (g *graphIndex) toOutputs(flag string, names []string) (nodeSet, []string) {
	keys, problems := g.knownDatasets(flag, names)
	return g.upstream(keys), problems
}

// downstream returns every node that reads any of the datasets, directly
// or through other nodes' outputs.
func (g *graphIndex) downstream(datasets []string) nodeSet {
	return walk(datasets, g.consumers, func(n *pipeline.Node) []pipeline.Binding { return n.Outputs })
}

// upstream returns every node that writes any of the datasets, directly or
// through the datasets those nodes read.
func (g *graphIndex) upstream(datasets []string) nodeSet {
	return walk(datasets, g.producers, func(n *pipeline.Node) []pipeline.Binding { return n.Inputs })
}

// walk collects the nodes reached from datasets: a dataset leads to its
// nodes in edges, and a node to the datasets next returns (iteratively: a
// 100,000-node chain must not grow the stack).
func walk(datasets []string, edges map[string][]*pipeline.Node, next func(*pipeline.Node) []pipeline.Binding) nodeSet {
	set := nodeSet{}
	queue := append([]string(nil), datasets...)
	seen := map[string]bool{}
	for len(queue) > 0 {
		d := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		if seen[d] {
			continue
		}
		seen[d] = true
		for _, n := range edges[d] {
			if set[n] {
				continue
			}
			set[n] = true
			for _, b := range next(n) {
				queue = append(queue, pipeline.StripTranscoding(b.Dataset))
			}
		}
	}
	return set
}

// withTags keeps nodes carrying any of the tags. Kedro returns nothing for
// a tag no node has; kfc names it, since it is almost always a typo.
func (g *graphIndex) withTags(tags []string) (nodeSet, []string) {
	want := map[string]bool{}
	var problems []string
	known := map[string]bool{}
	for _, t := range g.tags {
		known[t] = true
	}
	for _, t := range tags {
		if !known[t] {
			problems = append(problems, fmt.Sprintf("--tags: no node of pipeline %q has the tag %q%s", g.p.Name, t, suggest(t, g.tags)))
		}
		want[t] = true
	}
	set := nodeSet{}
	for _, n := range g.p.Nodes {
		for _, t := range n.Tags {
			if want[t] {
				set[n] = true
				break
			}
		}
	}
	return set, problems
}

// inNamespaces keeps nodes whose namespace is one of the given ones or
// below it, matching whole dot-separated parts.
func (g *graphIndex) inNamespaces(spaces []string) (nodeSet, []string) {
	set := nodeSet{}
	var problems []string
	for _, ns := range spaces {
		found := false
		for _, n := range g.p.Nodes {
			if n.Namespace == ns || strings.HasPrefix(n.Namespace, ns+".") {
				set[n] = true
				found = true
			}
		}
		if !found {
			problems = append(problems, fmt.Sprintf("--namespaces: pipeline %q has no nodes in namespace %q%s", g.p.Name, ns, suggest(ns, g.spaces)))
		}
	}
	return set, problems
}
