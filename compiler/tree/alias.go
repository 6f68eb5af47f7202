package tree

import yaml "go.yaml.in/yaml/v3"

// Every use of an anchor used to be built again, node by node, though each
// copy is the same: the anchor's own nodes, positions and typing. The
// builder now builds an anchor once and hands the same *Node to every later
// alias, so a parsed tree may share subtrees (every later stage treats
// parsed trees as read-only and copies what it changes). What a rebuild
// would do differently is kept: it would report the anchor's findings again
// (an anchor whose build reported anything is rebuilt every time), it could
// pass the alias expansion bound or MaxDepth (then it is rebuilt, and stops
// where it did).

// expansion is one anchor as built: its tree, how many values building it
// counted, and how deep below where it was opened it nests.
type expansion struct {
	root  *Node
	count int
	depth int
}

// expand builds the anchor target n and remembers it for reuse when the
// build reported nothing.
func (b *builder) expand(n *yaml.Node) *Node {
	count, diags, depth, peak := b.count, b.diags.Len(), b.depth, b.peak
	b.peak = depth
	out := b.node(n)
	e := expansion{root: out, count: b.count - count, depth: b.peak - depth}
	b.peak = max(peak, b.peak)
	if b.diags.Len() == diags && !b.stopped() {
		if b.expanded == nil {
			b.expanded = map[*yaml.Node]expansion{}
		}
		b.expanded[n] = e
	}
	return out
}

// shareExpansions is off only in tests, which compare trees built both ways.
var shareExpansions = true

// reuse returns the tree of an anchor already built, when handing it out
// again is exactly what building it again would give.
func (b *builder) reuse(n *yaml.Node) (*Node, bool) {
	if !shareExpansions {
		return nil, false
	}
	e, ok := b.expanded[n]
	if !ok || b.count+e.count > b.limit || b.depth+e.depth > MaxDepth {
		return nil, false
	}
	b.count += e.count
	return e.root, true
}
