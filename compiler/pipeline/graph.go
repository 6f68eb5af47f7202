package pipeline

import (
	"container/heap"
	"slices"
	"sort"
	"strings"
)

// Pipeline is an expanded pipeline: every node with its final names, and
// indexes over the graph whose vertices are datasets with transcoding
// stripped (`x@spark` and `x@pandas` are one vertex, as in Kedro).
type Pipeline struct {
	Name  string
	Nodes []*Node // stable topological order, ties by name; nodes on cycles last, by name

	defined   []*Node            // expansion order, for "first defined" decisions
	producers map[string][]*Node // stripped dataset -> nodes writing it
	consumers map[string][]*Node // stripped dataset (or parameter) -> nodes reading it
	parents   map[*Node][]*Node  // direct dependencies, sorted by name
	byName    map[string]*Node   // first node of each name
	cyclic    []*Node            // nodes left over by the topological sort
}

// newPipeline indexes nodes and sorts them topologically.
func newPipeline(name string, nodes []*Node) *Pipeline {
	outputs, inputs := 0, 0
	for _, n := range nodes {
		outputs += len(n.Outputs)
		inputs += len(n.Inputs) + len(n.Params)
	}
	p := &Pipeline{
		Name:      name,
		defined:   nodes,
		producers: make(map[string][]*Node, outputs),
		consumers: make(map[string][]*Node, inputs),
		parents:   make(map[*Node][]*Node, len(nodes)),
		byName:    make(map[string]*Node, len(nodes)),
	}
	for _, n := range nodes {
		if _, dup := p.byName[n.Name]; !dup {
			p.byName[n.Name] = n
		}
		for _, b := range n.Outputs {
			base := StripTranscoding(b.Dataset)
			p.producers[base] = appendOnce(p.producers[base], n)
		}
		for _, b := range n.Inputs {
			base := StripTranscoding(b.Dataset)
			p.consumers[base] = appendOnce(p.consumers[base], n)
		}
		for _, b := range n.Params {
			p.consumers[b.Dataset] = appendOnce(p.consumers[b.Dataset], n)
		}
	}
	for _, n := range nodes {
		var parents []*Node
		var seen map[*Node]bool // only for a node with many parents
		for _, b := range n.Inputs {
			for _, src := range p.producers[StripTranscoding(b.Dataset)] {
				if src == n {
					continue
				}
				// Most nodes have a few parents: a scan finds repeats
				// cheaper than a set; past a few, a set keeps it linear.
				if len(parents) < 16 {
					if slices.Contains(parents, src) {
						continue
					}
				} else {
					if seen == nil {
						seen = make(map[*Node]bool, 2*len(parents))
						for _, q := range parents {
							seen[q] = true
						}
					}
					if seen[src] {
						continue
					}
					seen[src] = true
				}
				parents = append(parents, src)
			}
		}
		if len(parents) > 1 {
			slices.SortStableFunc(parents, func(a, b *Node) int { return strings.Compare(a.Name, b.Name) })
		}
		p.parents[n] = parents
	}
	p.sort()
	return p
}

// appendOnce appends n unless it is already the last element (a node
// naming one dataset twice).
func appendOnce(list []*Node, n *Node) []*Node {
	if len(list) > 0 && list[len(list)-1] == n {
		return list
	}
	return append(list, n)
}

// sort orders the nodes with Kahn's algorithm, taking the smallest name
// among the ready nodes, so the order is stable whatever the file order.
// Nodes on or behind a cycle never become ready; they go last, by name.
func (p *Pipeline) sort() {
	index := make(map[*Node]int, len(p.defined))
	for i, n := range p.defined {
		index[n] = i
	}
	pending := make([]int, len(p.defined))
	children := make([][]*Node, len(p.defined))
	for i, n := range p.defined {
		pending[i] = len(p.parents[n])
		for _, par := range p.parents[n] {
			children[index[par]] = append(children[index[par]], n)
		}
	}
	ready := &nodeHeap{index: index}
	for i, n := range p.defined {
		if pending[i] == 0 {
			ready.nodes = append(ready.nodes, n)
		}
	}
	heap.Init(ready)
	order := make([]*Node, 0, len(p.defined))
	for ready.Len() > 0 {
		n := heap.Pop(ready).(*Node)
		order = append(order, n)
		for _, c := range children[index[n]] {
			if pending[index[c]]--; pending[index[c]] == 0 {
				heap.Push(ready, c)
			}
		}
	}
	if len(order) < len(p.defined) {
		for i, n := range p.defined {
			if pending[i] > 0 {
				p.cyclic = append(p.cyclic, n)
			}
		}
		sort.SliceStable(p.cyclic, func(i, j int) bool { return p.cyclic[i].Name < p.cyclic[j].Name })
		order = append(order, p.cyclic...)
	}
	p.Nodes = order
}

// nodeHeap is a min-heap of nodes by name, then by definition order.
type nodeHeap struct {
	nodes []*Node
	index map[*Node]int
}

func (h *nodeHeap) Len() int { return len(h.nodes) }
func (h *nodeHeap) Less(i, j int) bool {
	a, b := h.nodes[i], h.nodes[j]
	if a.Name != b.Name {
		return a.Name < b.Name
	}
	return h.index[a] < h.index[b]
}
func (h *nodeHeap) Swap(i, j int) { h.nodes[i], h.nodes[j] = h.nodes[j], h.nodes[i] }
func (h *nodeHeap) Push(x any)    { h.nodes = append(h.nodes, x.(*Node)) }
func (h *nodeHeap) Pop() any {
	n := h.nodes[len(h.nodes)-1]
	h.nodes = h.nodes[:len(h.nodes)-1]
	return n
}

// Parents returns the nodes n directly depends on, sorted by name.
func (p *Pipeline) Parents(n *Node) []*Node { return p.parents[n] }

// Producers returns the nodes writing a dataset (transcoding stripped).
func (p *Pipeline) Producers(dataset string) []*Node {
	return p.producers[StripTranscoding(dataset)]
}

// Consumers returns the nodes reading a dataset (transcoding stripped) or a
// parameter reference.
func (p *Pipeline) Consumers(name string) []*Node {
	if IsParameter(name) {
		return p.consumers[name]
	}
	return p.consumers[StripTranscoding(name)]
}

// Node returns the node called name (the first one if names collide).
func (p *Pipeline) Node(name string) *Node { return p.byName[name] }

// FreeInputs is Kedro's Pipeline.inputs(): every name read by some node
// (parameter references included) whose graph name no node writes. A
// transcoded free input keeps its suffix (`model_input_table@pandas`).
// Sorted.
func (p *Pipeline) FreeInputs() []string {
	var out []string
	for _, n := range p.defined {
		for _, b := range n.Inputs {
			if len(p.producers[StripTranscoding(b.Dataset)]) == 0 {
				out = append(out, b.Dataset)
			}
		}
		for _, b := range n.Params {
			out = append(out, b.Dataset)
		}
	}
	return sortedUnique(out)
}

// Outputs is Kedro's Pipeline.outputs(): every name written by some node
// whose graph name no node reads. Sorted.
func (p *Pipeline) Outputs() []string {
	var out []string
	for _, n := range p.defined {
		for _, b := range n.Outputs {
			if len(p.consumers[StripTranscoding(b.Dataset)]) == 0 {
				out = append(out, b.Dataset)
			}
		}
	}
	return sortedUnique(out)
}

// Datasets returns every dataset name the nodes read or write, as written
// (transcoded names keep their suffix), without parameter references. Sorted.
func (p *Pipeline) Datasets() []string {
	count := 0
	for _, n := range p.defined {
		count += len(n.Inputs) + len(n.Outputs)
	}
	out := make([]string, 0, count)
	for _, n := range p.defined {
		for _, b := range n.Inputs {
			out = append(out, b.Dataset)
		}
		for _, b := range n.Outputs {
			out = append(out, b.Dataset)
		}
	}
	return sortedUnique(out)
}

// Written returns every dataset name some node writes, as written. Sorted.
func (p *Pipeline) Written() []string {
	var out []string
	for _, n := range p.defined {
		for _, b := range n.Outputs {
			out = append(out, b.Dataset)
		}
	}
	return sortedUnique(out)
}

// ParamRefs returns the parameter references the nodes use (`params:a.b`,
// `parameters`). Sorted.
func (p *Pipeline) ParamRefs() []string {
	var out []string
	for _, n := range p.defined {
		for _, b := range n.Params {
			out = append(out, b.Dataset)
		}
	}
	return sortedUnique(out)
}
