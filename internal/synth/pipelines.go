package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// ds is a dataset as the pipelines see it.
type ds struct {
	name   string
	kind   kind
	memory bool // no catalog entry or pattern: an in-memory dataset
}

type node struct {
	name       string
	pipeline   int
	entryPoint bool
	inputs     []ds
	outputs    []ds
	params     []param
	tags       []string
}

type pipelines struct {
	nodes []*node
	count int // number of named pipelines
}

// pipelineSize is how many consecutive nodes share one named pipeline.
func pipelineSize(nodes int) int { return max(5, min(100, nodes/20)) }

// newPipelines chains k nodes over the catalog. Every non-raw entry is
// written by exactly one node and every raw entry is read, so no entry is
// unused; nodes read only what earlier nodes wrote, so the graph is acyclic.
// Factory-matched and in-memory datasets are added on top; an in-memory
// output is always read by the next node of the same pipeline.
func newPipelines(k int, cat *catalog, prm *params, rng *rand.Rand) *pipelines {
	p := &pipelines{}
	size := pipelineSize(k)
	p.count = (k + size - 1) / size

	var produced []*entry
	for li := 1; li < len(layers); li++ {
		produced = append(produced, cat.byLayer[li]...)
	}
	raw := cat.byLayer[0]
	if len(raw) == 0 { // tiny catalogs: read the first entry, never write it
		raw, produced = produced[:1], produced[1:]
	}

	var pool []ds // persisted outputs so far, readable by later nodes
	var pendingMemory *ds
	for i := 0; i < k; i++ {
		n := &node{name: fmt.Sprintf("node_%05d", i), pipeline: i / size}
		lo, hi := len(produced)*i/k, len(produced)*(i+1)/k
		for _, e := range produced[lo:hi] {
			n.outputs = append(n.outputs, ds{name: e.name, kind: e.kind})
		}
		if len(cat.factories) > 0 && (len(n.outputs) == 0 || rng.IntN(8) == 0) {
			f := cat.factories[rng.IntN(len(cat.factories))]
			n.outputs = append(n.outputs, ds{name: f.example(n.name), kind: f.kind})
		}
		// Only a node with no other output ends in a memory dataset nobody reads
		// (no factories and more nodes than entries); Kedro allows that.
		sameNext := i+1 < k && (i+1)/size == n.pipeline
		var memory *ds
		if len(n.outputs) == 0 || (sameNext && rng.IntN(10) == 0) {
			memory = &ds{name: n.name + "_tmp", kind: kindPickle, memory: true}
			n.outputs = append(n.outputs, *memory)
		}

		if pendingMemory != nil {
			n.inputs = append(n.inputs, *pendingMemory)
			pendingMemory = nil
		}
		if memory != nil && sameNext {
			pendingMemory = memory
		}
		for r := i; r < len(raw); r += k {
			n.inputs = append(n.inputs, ds{name: raw[r].name, kind: raw[r].kind})
		}
		extra := rng.IntN(3)
		if len(n.inputs) == 0 && extra == 0 {
			extra = 1
		}
		for j := 0; j < extra; j++ {
			var in ds
			if len(pool) == 0 || rng.IntN(6) == 0 {
				e := raw[rng.IntN(len(raw))]
				in = ds{name: e.name, kind: e.kind}
			} else {
				window := min(len(pool), 64)
				in = pool[len(pool)-window+rng.IntN(window)]
			}
			if !hasDataset(n.inputs, in.name) {
				n.inputs = append(n.inputs, in)
			}
		}
		for _, out := range n.outputs {
			if !out.memory {
				pool = append(pool, out)
			}
		}

		for j, m := 0, rng.IntN(3); j < m && len(prm.leaves) > 0; j++ {
			leaf := prm.leaves[rng.IntN(len(prm.leaves))]
			if !hasParam(n.params, leaf.path) {
				n.params = append(n.params, leaf)
			}
		}
		n.tags = []string{fmt.Sprintf("stage_%03d", n.pipeline)}
		if i%7 == 0 {
			n.tags = append(n.tags, "nightly")
		}
		n.entryPoint = i%20 == 7 && canUseEntryPoint(n)
		if n.entryPoint {
			n.params = nil
			if len(prm.floats) > 0 {
				n.params = []param{prm.floats[rng.IntN(len(prm.floats))]}
			}
		}
		p.nodes = append(p.nodes, n)
	}
	p.useEverything(cat, prm)
	return p
}

// useEverything gives every factory a dataset and every top-level parameter
// a reader, spread over the run nodes, so that nothing is reported unused.
func (p *pipelines) useEverything(cat *catalog, prm *params) {
	var runNodes []*node
	for _, n := range p.nodes {
		if !n.entryPoint {
			runNodes = append(runNodes, n)
		}
	}
	if len(runNodes) == 0 {
		return
	}
	next := 0
	take := func() *node {
		n := runNodes[next%len(runNodes)]
		next++
		return n
	}
	for fi, f := range cat.factories {
		used := false
		for _, n := range p.nodes {
			for _, out := range n.outputs {
				used = used || strings.HasSuffix(out.name, f.example(""))
			}
		}
		if !used {
			n := take()
			name := f.example(fmt.Sprintf("%s_f%d", n.name, fi))
			n.outputs = append(n.outputs, ds{name: name, kind: f.kind})
		}
	}
	read := map[string]bool{}
	for _, n := range p.nodes {
		for _, l := range n.params {
			read[topKey(l.path)] = true
		}
	}
	for _, g := range prm.groups {
		if !read[g.name] {
			n := take()
			n.params = append(n.params, g.leaves[0])
			read[g.name] = true
		}
	}
}

func topKey(path string) string {
	key, _, _ := strings.Cut(path, ".")
	return key
}

// canUseEntryPoint: the MLproject entry point `step` takes one local input
// path and one output file.
func canUseEntryPoint(n *node) bool {
	return len(n.inputs) == 1 && len(n.outputs) == 1 &&
		n.inputs[0].kind.isLocal() && !n.inputs[0].memory &&
		!n.outputs[0].kind.isDir() && !n.outputs[0].memory
}

func hasDataset(list []ds, name string) bool {
	for _, d := range list {
		if d.name == name {
			return true
		}
	}
	return false
}

func hasParam(list []param, path string) bool {
	for _, p := range list {
		if p.path == path {
			return true
		}
	}
	return false
}

func pipelineName(i int) string { return fmt.Sprintf("stage_%03d", i) }

func (p *pipelines) render() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %d nodes in %d pipelines (generated by kfc-synth).\n", len(p.nodes), p.count)
	current := -1
	for _, n := range p.nodes {
		if n.pipeline != current {
			current = n.pipeline
			fmt.Fprintf(&b, "\n%s:\n  nodes:\n", pipelineName(current))
		}
		writeNode(&b, n)
	}
	b.WriteString("\n__default__:\n")
	for i := 0; i < p.count; i++ {
		fmt.Fprintf(&b, "  - %s\n", pipelineName(i))
	}
	return b.String()
}

func writeNode(b *strings.Builder, n *node) {
	fmt.Fprintf(b, "    - name: %s\n", n.name)
	if n.entryPoint {
		b.WriteString("      entry_point: step\n")
		fmt.Fprintf(b, "      inputs: {input: %s}\n", n.inputs[0].name)
		fmt.Fprintf(b, "      outputs: {output: %s}\n", n.outputs[0].name)
		if len(n.params) > 0 {
			fmt.Fprintf(b, "      params: {alpha: %s}\n", quote("params:"+n.params[0].path))
		}
	} else {
		args := []string{"python3", "src/" + Package + "/node.py"}
		for _, in := range n.inputs {
			args = append(args, "--in", "{in."+in.name+"}")
		}
		for _, out := range n.outputs {
			flag := "--out"
			if out.kind.isDir() {
				flag = "--out-dir"
			}
			args = append(args, flag, "{out."+out.name+"}")
		}
		for _, prm := range n.params {
			args = append(args, "--param", prm.path+"={params."+prm.path+"}")
		}
		b.WriteString("      run: [")
		for i, a := range args {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(quote(a))
		}
		b.WriteString("]\n")
		writeNames(b, "inputs", n.inputs)
		writeNames(b, "outputs", n.outputs)
		if len(n.params) > 0 {
			b.WriteString("      params: [")
			for i, prm := range n.params {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(quote("params:" + prm.path))
			}
			b.WriteString("]\n")
		}
	}
	fmt.Fprintf(b, "      tags: [%s]\n", strings.Join(n.tags, ", "))
}

func writeNames(b *strings.Builder, key string, list []ds) {
	if len(list) == 1 {
		fmt.Fprintf(b, "      %s: %s\n", key, list[0].name)
		return
	}
	fmt.Fprintf(b, "      %s: [", key)
	for i, d := range list {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(d.name)
	}
	b.WriteString("]\n")
}
