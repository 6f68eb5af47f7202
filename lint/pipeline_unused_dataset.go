package lint

import (
	"github.com/kfc-dev/kfc/compiler/catalog"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/pipeline"
)

// RulePipelineUnusedDataset: a catalog entry or dataset factory that no
// pipeline reads or writes. Kedro has no such check; projects write tests
// for it. Quiet when the pipelines are Python code (no pipelines config) or
// when a pipeline could not be expanded.
const RulePipelineUnusedDataset = "pipeline-unused-dataset"

func init() {
	Register(&Rule{Name: RulePipelineUnusedDataset, Needs: needsPipelinesData, Severity: diag.Warning, Run: runPipelineUnusedDataset,
		Doc: "a catalog entry or dataset factory pattern is used by no pipeline (names a factory matches count as uses of it)"})
}

func runPipelineUnusedDataset(pass *Pass) {
	pf := pass.Facts.Pipelines()
	if !pf.Present || !pf.Complete {
		return
	}
	used := map[string]bool{}
	patterns := map[*catalog.Pattern]bool{}
	// used is the seen-set eachName would make per pipeline, for all of
	// them at once: a name bound in several pipelines is looked at once.
	use := func(list []pipeline.Binding) {
		for _, b := range list {
			if used[b.Dataset] {
				continue
			}
			used[b.Dataset] = true
			if _, pat := pf.Resolved(b.Dataset); pat != nil {
				patterns[pat] = true
			}
		}
	}
	for _, p := range pf.Pipelines {
		for _, n := range p.Nodes {
			use(n.Inputs)
			use(n.Outputs)
		}
	}
	for _, e := range pf.Catalog.Entries {
		if !used[e.Name] {
			pass.Reportf(e.Pos, "catalog entry %q is used by no pipeline", e.Name)
		}
	}
	all := append([]*catalog.Pattern(nil), pf.Catalog.Patterns...)
	if pf.Catalog.CatchAll != nil {
		all = append(all, pf.Catalog.CatchAll)
	}
	for _, p := range all {
		if !patterns[p] {
			pass.Reportf(p.Pos, "dataset factory %q matches no dataset of any pipeline", p.Key)
		}
	}
}
