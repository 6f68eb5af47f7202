package tree

import (
	"sync"

	yaml "go.yaml.in/yaml/v3"
)

// A 640 KB catalog is some 160,000 yaml.Nodes (150 bytes each), and they are
// garbage as soon as the builder has copied them into tree.Nodes: the
// reader takes them in slabs from a pool, and release gives the slabs back
// once the build is done. Nothing the builder returns points into them
// (values are strings of the source, positions are copied).

const (
	nodeSlab = 256
	kidSlab  = 1024
)

var (
	nodeSlabs = sync.Pool{New: func() any { return new([nodeSlab]yaml.Node) }}
	kidSlabs  = sync.Pool{New: func() any { return new([kidSlab]*yaml.Node) }}
)

// slabs are the slabs one read took.
type slabs struct {
	nodes []*[nodeSlab]yaml.Node
	kids  []*[kidSlab]*yaml.Node
}

func (s *slabs) nodeSlab() []yaml.Node {
	p := nodeSlabs.Get().(*[nodeSlab]yaml.Node)
	s.nodes = append(s.nodes, p)
	return p[:]
}

// kidSlab returns room for at least k pointers; a larger list than a slab
// is allocated on its own.
func (s *slabs) kidSlab(k int) []*yaml.Node {
	if k > kidSlab {
		return make([]*yaml.Node, k)
	}
	p := kidSlabs.Get().(*[kidSlab]*yaml.Node)
	s.kids = append(s.kids, p)
	return p[:]
}

// release gives the slabs back: the nodes read with them must not be used
// after it. A nil s (a declined read) has nothing to give back.
func (s *slabs) release() {
	if s == nil {
		return
	}
	for _, p := range s.nodes {
		nodeSlabs.Put(p)
	}
	for _, p := range s.kids {
		kidSlabs.Put(p)
	}
	s.nodes, s.kids = nil, nil
}
