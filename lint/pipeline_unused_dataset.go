package lint

import (
	"github.com/kfc-dev/kfc/compiler/catalog"
	"github.com/kfc-dev/kfc/compiler/diag"
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
	for _, p := range pf.Pipelines {
		eachName(p, bindInputs|bindOutputs, func(name string) {
			if used[name] {
				return
			}
			used[name] = true
			if _, pat := pf.Resolved(name); pat != nil {
				patterns[pat] = true
			}
		})
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
