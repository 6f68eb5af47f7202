package lint

import (
	"sort"
	"sync"

	"github.com/kfc-dev/kfc/compiler/catalog"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/mlproject"
	"github.com/kfc-dev/kfc/compiler/model"
	"github.com/kfc-dev/kfc/compiler/pipeline"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// PipelineFacts is the model's pipelines (model.PipelineSet: Present,
// Registry, Pipelines, Complete) with the views the pipeline rules share.
type PipelineFacts struct {
	*model.PipelineSet
	// Catalog is the shared catalog model (Facts.Catalog); MLproject is
	// the model's, for lookups only: its findings are the MLproject rules'.
	Catalog   *catalog.Catalog
	MLproject *mlproject.Project // nil without an MLproject file

	params map[string]*tree.Node // every valid params: reference -> value

	resolvedMu sync.Mutex
	resolved   map[string]resolvedName // Resolved's memo: several rules ask about every dataset

	nodesOnce sync.Once
	nodes     []*pipeline.Node // Nodes' answer: several rules walk every node
}

type resolvedName struct {
	kind    string
	pattern *catalog.Pattern
}

// Resolved is how name resolves in the catalog, as much as the rules that
// compare pipelines with the catalog need: the kind (catalog.KindExplicit
// ...) and the pattern, if any. Matching a name against the factory
// patterns is the dear part, so each name is matched once for all rules.
func (pf *PipelineFacts) Resolved(name string) (kind string, pattern *catalog.Pattern) {
	pf.resolvedMu.Lock()
	r, ok := pf.resolved[name]
	pf.resolvedMu.Unlock()
	if !ok {
		kind, pattern := pf.Catalog.Which(name)
		r = resolvedName{kind: kind, pattern: pattern}
		pf.resolvedMu.Lock()
		if pf.resolved == nil {
			pf.resolved = map[string]resolvedName{}
		}
		pf.resolved[name] = r
		pf.resolvedMu.Unlock()
	}
	return r.kind, r.pattern
}

// Pipelines parses, expands and checks the project's pipelines once.
func (f *Facts) Pipelines() *PipelineFacts {
	f.pipelinesOnce.Do(func() { f.pipelines = f.buildPipelines() })
	return f.pipelines
}

func (f *Facts) buildPipelines() *PipelineFacts {
	return &PipelineFacts{
		PipelineSet: f.Model.Pipelines(),
		Catalog:     f.Catalog(),
		MLproject:   f.MLproject(),
		params:      flattenParams(f.Project.Get("parameters")),
	}
}

// reportPipelineFindings forwards what compiler/pipeline reported of the
// running rule's code.
func reportPipelineFindings(pass *Pass) {
	for _, d := range pass.Facts.Pipelines().Problems(pass.rule.Code) {
		pass.Report(d)
	}
}

// Nodes returns every node of every pipeline once (a node shared by
// several pipelines has one name and position), sorted by name. It is
// computed once; callers must not change the slice.
func (pf *PipelineFacts) Nodes() []*pipeline.Node {
	pf.nodesOnce.Do(func() { pf.nodes = pf.allNodes() })
	return pf.nodes
}

func (pf *PipelineFacts) allNodes() []*pipeline.Node {
	type key struct {
		name string
		pos  diag.Pos
	}
	total := 0
	for _, p := range pf.Pipelines {
		total += len(p.Nodes)
	}
	seen := make(map[key]bool, total)
	var out []*pipeline.Node
	for _, p := range pf.Pipelines {
		for _, n := range p.Nodes {
			k := key{n.Name, n.Pos}
			if !seen[k] {
				seen[k] = true
				out = append(out, n)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Param returns the value a parameter reference names and whether it
// exists; `parameters` always exists.
func (pf *PipelineFacts) Param(ref string) (*tree.Node, bool) {
	if ref == "parameters" {
		return nil, true
	}
	v, ok := pf.params[ref]
	return v, ok
}

// flattenParams lists every reference Kedro's catalog serves for the
// parameters, as _add_param_to_feed_dict does: `params:a` for each
// top-level key and `params:a.b...` for every nested mapping key.
func flattenParams(root *tree.Node) map[string]*tree.Node {
	out := map[string]*tree.Node{}
	if root == nil || root.Kind != tree.Map {
		return out
	}
	type item struct {
		path string
		v    *tree.Node
	}
	var todo []item
	for _, p := range root.Pairs {
		todo = append(todo, item{p.Key, p.Value})
	}
	for len(todo) > 0 {
		it := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		out["params:"+it.path] = it.v
		if it.v != nil && it.v.Kind == tree.Map {
			for _, p := range it.v.Pairs {
				todo = append(todo, item{it.path + "." + p.Key, p.Value})
			}
		}
	}
	return out
}

// bindingPos finds where node n binds dataset name (as input or output).
func bindingPos(n *pipeline.Node, name string, outputs bool) diag.Pos {
	list := n.Inputs
	if outputs {
		list = n.Outputs
	}
	for _, b := range list {
		if b.Dataset == name {
			return b.Pos
		}
	}
	for _, b := range list {
		if pipeline.StripTranscoding(b.Dataset) == pipeline.StripTranscoding(name) {
			return b.Pos
		}
	}
	return n.Pos
}

func resolvedKind(pf *PipelineFacts, name string) string {
	kind, _ := pf.Resolved(name)
	return kind
}

// Which bindings eachName visits.
const (
	bindInputs = 1 << iota
	bindOutputs
)

// eachName calls f once for each distinct name p's nodes bind under the
// given kinds, as written, in no particular order: Datasets, Written and
// FreeInputs without their sort, for rules that only collect names or
// report each one (findings are sorted when printed).
func eachName(p *pipeline.Pipeline, kinds int, f func(name string)) {
	seen := make(map[string]struct{}, 2*len(p.Nodes))
	visit := func(list []pipeline.Binding) {
		for _, b := range list {
			if _, ok := seen[b.Dataset]; !ok {
				seen[b.Dataset] = struct{}{}
				f(b.Dataset)
			}
		}
	}
	for _, n := range p.Nodes {
		if kinds&bindInputs != 0 {
			visit(n.Inputs)
		}
		if kinds&bindOutputs != 0 {
			visit(n.Outputs)
		}
	}
}
