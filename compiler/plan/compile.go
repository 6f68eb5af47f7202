package plan

import (
	"container/heap"
	"fmt"
	"sort"
	"strings"

	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/mlproject"
	"github.com/kfc-dev/kfc/compiler/pipeline"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// Input is a loaded project and the views of it a plan is compiled from.
type Input struct {
	Project *config.Project
	// Resolve says how the catalog resolves a dataset name (the caller
	// adapts compiler/catalog, so this package stays independent of it).
	Resolve func(name string) Resolved
	// Pipelines and MLproject are parsed from Project when nil.
	Pipelines *pipeline.Registry
	MLproject *mlproject.Project
	// Expanded may hold pipelines already expanded from Pipelines (vet
	// expands every one); the selected one is expanded again otherwise.
	Expanded []*pipeline.Pipeline
	// Disk is where the compiler reads files (see Disk); nil is the real disk.
	Disk Disk
}

// Options are the command-line choices of `kfc build`.
type Options struct {
	Pipeline     string // default __default__; "a,b" is the sum of a and b (--pipelines)
	Selection    Selection
	LoadVersions map[string]string // dataset -> version
	Params       string            // --params as given, recorded only (the loader applied it)
	KfcVersion   string
}

// Problem is one reason a plan cannot be built, at a place in the
// project when one is known.
type Problem struct {
	Pos     diag.Pos
	Message string
}

// BuildError lists what stopped a build after the project vetted clean.
type BuildError struct {
	Problems []Problem
}

func (e *BuildError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		if p.Pos.IsZero() {
			lines[i] = p.Message
		} else {
			lines[i] = p.Pos.String() + ": " + p.Message
		}
	}
	return strings.Join(lines, "\n")
}

// Compile builds the plan for in and opt, with every dataset and node
// hash; the plan's own hash is filled in by Encode (or Seal). A
// *SelectionError means the command line named something that does not
// exist; a *BuildError means the project cannot be run as selected.
func Compile(in Input, opt Options) (*Plan, error) {
	proj := in.Project
	if opt.Pipeline == "" {
		opt.Pipeline = pipeline.DefaultPipeline
	}
	reg := in.Pipelines
	var diags diag.List
	if reg == nil {
		reg = pipeline.Parse(proj.Get("pipelines"), &diags)
	}
	ml := in.MLproject
	if ml == nil && proj.MLproject != nil {
		ml = mlproject.Parse(proj.MLproject, &diags)
	}
	if len(reg.Names()) == 0 {
		return nil, &BuildError{Problems: []Problem{{Message: "the project defines no pipelines: kfc builds the pipelines of conf/<env>/pipelines*.yml (docs/pipelines.md)"}}}
	}
	var p *pipeline.Pipeline
	for _, e := range in.Expanded {
		if e.Name == opt.Pipeline {
			p = e
		}
	}
	flag, names := "--pipeline", strings.Split(opt.Pipeline, ",")
	if len(names) > 1 {
		flag = "--pipelines"
	}
	if p == nil {
		p = reg.ExpandSum(names, &diags)
	}
	if p == nil {
		var msgs []string
		for _, d := range diags.Items() { // Kedro refuses every problem Parse and Expand report
			msgs = append(msgs, flag+": "+d.Message)
		}
		if len(msgs) == 0 {
			msgs = []string{fmt.Sprintf("%s: pipeline %q cannot be expanded", flag, opt.Pipeline)}
		}
		return nil, &SelectionError{Problems: msgs}
	}
	if cycles := p.Cycles(); len(cycles) > 0 {
		return nil, &BuildError{Problems: []Problem{{Message: fmt.Sprintf("pipeline %q has circular dependencies: %s", p.Name, pipeline.FormatCycle(cycles[0]))}}}
	}
	if len(p.Nodes) == 0 {
		return nil, &BuildError{Problems: []Problem{{Message: fmt.Sprintf("pipeline %q has no nodes: nothing to build", p.Name)}}}
	}
	selected, err := Select(p, opt.Selection)
	if err != nil {
		return nil, err
	}

	bindings := 0
	for _, n := range selected {
		bindings += len(n.Inputs) + len(n.Outputs)
	}
	// Sized for every binding a distinct dataset, so the map never grows.
	c := &compiler{in: in, opt: opt, ml: ml, params: proj.Get("parameters"), datasets: make(map[string]*Dataset, bindings)}
	c.plan = &Plan{
		SchemaVersion: SchemaVersion,
		KfcVersion:    opt.KfcVersion,
		Project:       identify(proj, ml),
		Env:           proj.Env,
		Pipeline:      opt.Pipeline,
		Selectors:     selectors(opt),
		Parameters:    parametersValue(proj),
		Datasets:      c.datasets,
	}
	ordered := topoOrder(selected)
	c.collectDatasets(ordered)
	c.checkLoadVersions()
	c.checkFreeInputs(ordered)
	c.buildNodes(ordered)
	if len(c.usage) > 0 {
		return nil, &SelectionError{Problems: c.usage}
	}
	if len(c.problems) > 0 {
		return nil, &BuildError{Problems: c.problems}
	}
	c.plan.sealParts()
	return c.plan, nil
}

type compiler struct {
	in       Input
	opt      Options
	ml       *mlproject.Project
	params   *tree.Node
	plan     *Plan
	datasets map[string]*Dataset
	producer map[string]string // graph name -> producing node id
	problems []Problem
	usage    []string // problems with the command line, reported as a *SelectionError
}

func (c *compiler) usagef(format string, args ...any) {
	c.usage = append(c.usage, fmt.Sprintf(format, args...))
}

func (c *compiler) problemf(pos diag.Pos, format string, args ...any) {
	c.problems = append(c.problems, Problem{Pos: pos, Message: fmt.Sprintf(format, args...)})
}

// collectDatasets resolves every dataset the nodes read or write, and
// records which node writes and which nodes read each.
func (c *compiler) collectDatasets(nodes []*pipeline.Node) {
	outputs := 0
	for _, n := range nodes {
		outputs += len(n.Outputs)
	}
	c.producer = make(map[string]string, outputs)
	for _, n := range nodes {
		for _, b := range n.Outputs {
			c.producer[pipeline.StripTranscoding(b.Dataset)] = NodeID(n.Name)
		}
	}
	for _, n := range nodes {
		for _, list := range [][]pipeline.Binding{n.Inputs, n.Outputs} {
			for _, b := range list {
				if c.datasets[b.Dataset] == nil {
					r := c.resolve(b.Dataset)
					if r.Err != nil {
						c.problemf(b.Pos, "dataset %q: %v", b.Dataset, r.Err)
					}
					d := newDataset(b.Dataset, r)
					d.Producer = c.producer[pipeline.StripTranscoding(b.Dataset)]
					c.datasets[b.Dataset] = d
				}
			}
		}
		id := NodeID(n.Name)
		for _, b := range n.Inputs {
			d := c.datasets[b.Dataset]
			if len(d.Consumers) == 0 || d.Consumers[len(d.Consumers)-1] != id {
				d.Consumers = append(d.Consumers, id)
			}
		}
	}
	for _, d := range c.datasets {
		d.Consumers = sortedUnique(d.Consumers)
	}
}

func (c *compiler) resolve(name string) Resolved {
	if c.in.Resolve == nil {
		return Resolved{Kind: ResolvedDefault}
	}
	return c.in.Resolve(name)
}

// checkLoadVersions applies --load-versions: each name must be a dataset
// the catalog knows (as Kedro requires), versioned, and the version one
// path component (Kedro's _is_unsafe_version).
func (c *compiler) checkLoadVersions() {
	names := make([]string, 0, len(c.opt.LoadVersions))
	for k := range c.opt.LoadVersions {
		names = append(names, k)
	}
	sort.Strings(names)
	known := sortedDatasetKeys(c.datasets)
	for _, name := range names {
		version := c.opt.LoadVersions[name]
		if version == "" || version == "." || version == ".." || strings.ContainsAny(version, `/\`) {
			c.usagef("--load-versions: %q is not a valid version for %q: a version is one path component, like 2024-01-15T10.30.00.000Z", version, name)
			continue
		}
		d := c.datasets[name]
		if d == nil {
			r := c.resolve(name)
			if r.Kind == "" || r.Kind == ResolvedDefault {
				c.usagef("--load-versions: the catalog has no dataset named %q%s", name, suggest(name, known))
				continue
			}
			if !newDataset(name, r).Versioned {
				c.usagef("--load-versions: dataset %q is not versioned", name)
			}
			continue // not used by the selected nodes: recorded in the selectors only
		}
		if !d.Versioned {
			c.usagef("--load-versions: dataset %q is not versioned", name)
			continue
		}
		d.LoadVersion = version
	}
}

// checkFreeInputs refuses a plan whose node reads a dataset that no
// selected node writes and no catalog entry persists: it could only come
// from a run that no longer exists (Kedro fails the same run with
// "Pipeline input(s) ... not found in the DataCatalog").
func (c *compiler) checkFreeInputs(nodes []*pipeline.Node) {
	for _, n := range nodes {
		for _, b := range n.Inputs {
			d := c.datasets[b.Dataset]
			if d.Producer == "" && !d.Persisted {
				c.problemf(b.Pos, "node %q reads %q, which no selected node writes and no catalog entry persists (resolved as %s, type %s)", n.Name, b.Dataset, d.Resolution, d.Type)
			}
		}
	}
}

// buildNodes renders every node in order.
func (c *compiler) buildNodes(nodes []*pipeline.Node) {
	r := &renderer{datasets: c.datasets, params: c.params, mlproject: c.ml,
		root: c.in.Project.Root, sourceDir: c.in.Project.Settings.SourceDir, disk: c.in.disk()}
	env := c.environment()
	c.plan.Nodes = make([]*Node, 0, len(nodes))
	for _, n := range nodes {
		pn := &Node{
			ID:         NodeID(n.Name),
			Name:       n.Name,
			Namespace:  n.Namespace,
			Tags:       append([]string{}, n.Tags...),
			Inputs:     bindingNames(n.Inputs),
			Outputs:    bindingNames(n.Outputs),
			Parameters: map[string]RawValue{},
			DependsOn:  []string{},
		}
		sort.Strings(pn.Tags)
		for _, b := range n.Params {
			v, err := r.paramValue(b.Dataset)
			if err != nil {
				c.problemf(b.Pos, "node %q: %v", n.Name, err)
				continue
			}
			pn.Parameters[b.Dataset] = FromTree(v)
		}
		deps := make([]string, 0, len(n.Inputs))
		for _, b := range n.Inputs {
			if id := c.producer[pipeline.StripTranscoding(b.Dataset)]; id != "" && id != pn.ID {
				deps = append(deps, id)
			}
		}
		pn.DependsOn = sortedUnique(deps)
		cmd, err := r.command(n)
		if err != nil {
			pos := n.Pos
			if n.EntryPoint != "" {
				pos = n.EntryPos
			}
			c.problemf(pos, "node %q: %v", n.Name, err)
		}
		pn.Command = cmd
		if n.EntryPoint != "" {
			pn.Environment = env
		}
		c.plan.Nodes = append(c.plan.Nodes, pn)
	}
}

func bindingNames(list []pipeline.Binding) []string {
	out := make([]string, 0, len(list))
	for _, b := range list {
		out = append(out, b.Dataset)
	}
	return sortedUnique(out)
}

func sortedUnique(in []string) []string {
	out := append([]string{}, in...)
	sort.Strings(out)
	w := 0
	for i, s := range out {
		if i > 0 && s == out[w-1] {
			continue
		}
		out[w] = s
		w++
	}
	return out[:w]
}

func sortedDatasetKeys(m map[string]*Dataset) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// selectors records opt as the plan's selectors, lists sorted and unique.
func selectors(opt Options) Selectors {
	list := func(in []string) []string {
		if len(in) == 0 {
			return nil
		}
		return sortedUnique(in)
	}
	s := Selectors{
		Nodes:      list(opt.Selection.Nodes),
		FromNodes:  list(opt.Selection.FromNodes),
		ToNodes:    list(opt.Selection.ToNodes),
		FromInputs: list(opt.Selection.FromInputs),
		ToOutputs:  list(opt.Selection.ToOutputs),
		Tags:       list(opt.Selection.Tags),
		Namespaces: list(opt.Selection.Namespaces),
		Params:     opt.Params,
	}
	if len(opt.LoadVersions) > 0 {
		s.LoadVersions = map[string]string{}
		for k, v := range opt.LoadVersions {
			s.LoadVersions[k] = v
		}
	}
	return s
}

func parametersValue(proj *config.Project) RawValue {
	if p := proj.Get("parameters"); p != nil && p.Kind == tree.Map {
		return FromTree(p)
	}
	return RawValue("{}")
}

// topoOrder sorts nodes with Kahn's algorithm, always taking the ready
// node with the smallest name, so the order depends on nothing but the
// graph. The nodes are known to be acyclic.
func topoOrder(nodes []*pipeline.Node) []*pipeline.Node {
	producers := map[string][]int{}
	for i, n := range nodes {
		for _, b := range n.Outputs {
			k := pipeline.StripTranscoding(b.Dataset)
			producers[k] = append(producers[k], i)
		}
	}
	pending := make([]int, len(nodes))
	children := make([][]int, len(nodes))
	seen := make([]int, len(nodes))
	for i, n := range nodes {
		for _, b := range n.Inputs {
			for _, j := range producers[pipeline.StripTranscoding(b.Dataset)] {
				// seen[j] == i+1: j is already a parent of i (a stamp per
				// node instead of a set per node).
				if j != i && seen[j] != i+1 {
					seen[j] = i + 1
					pending[i]++
					children[j] = append(children[j], i)
				}
			}
		}
	}
	ready := &nameHeap{nodes: nodes}
	for i := range nodes {
		if pending[i] == 0 {
			ready.idx = append(ready.idx, i)
		}
	}
	heap.Init(ready)
	out := make([]*pipeline.Node, 0, len(nodes))
	for ready.Len() > 0 {
		i := heap.Pop(ready).(int)
		out = append(out, nodes[i])
		for _, ch := range children[i] {
			if pending[ch]--; pending[ch] == 0 {
				heap.Push(ready, ch)
			}
		}
	}
	if len(out) < len(nodes) { // unreachable for an acyclic graph; keep every node anyway
		done := map[*pipeline.Node]bool{}
		for _, n := range out {
			done[n] = true
		}
		for _, n := range nodes {
			if !done[n] {
				out = append(out, n)
			}
		}
	}
	return out
}

type nameHeap struct {
	nodes []*pipeline.Node
	idx   []int
}

func (h *nameHeap) Len() int           { return len(h.idx) }
func (h *nameHeap) Less(i, j int) bool { return h.nodes[h.idx[i]].Name < h.nodes[h.idx[j]].Name }
func (h *nameHeap) Swap(i, j int)      { h.idx[i], h.idx[j] = h.idx[j], h.idx[i] }
func (h *nameHeap) Push(x any)         { h.idx = append(h.idx, x.(int)) }
func (h *nameHeap) Pop() any {
	x := h.idx[len(h.idx)-1]
	h.idx = h.idx[:len(h.idx)-1]
	return x
}
