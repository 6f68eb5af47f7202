package lint

import (
	"github.com/kfc-dev/kfc/compiler/catalog"
	"github.com/kfc-dev/kfc/compiler/diag"
)

// RulePipelineEphemeralDataset: a node writes a dataset the catalog does
// not persist. Kedro keeps it in memory; kfc keeps it as a file for the
// run only. Often intended (intermediate results), sometimes a typo.
const RulePipelineEphemeralDataset = "pipeline-ephemeral-dataset"

func init() {
	Register(&Rule{Name: RulePipelineEphemeralDataset, Needs: needsPipelinesData, Severity: diag.Info, Run: runPipelineEphemeralDataset,
		Doc: "a node writes a dataset that no catalog entry or dataset factory persists: it lives for one run only (Kedro: a MemoryDataset)"})
}

func runPipelineEphemeralDataset(pass *Pass) {
	pf := pass.Facts.Pipelines()
	type place struct {
		name string
		pos  diag.Pos
	}
	done := map[place]bool{}
	for _, p := range pf.Pipelines {
		eachName(p, bindOutputs, func(name string) {
			if resolvedKind(pf, name) != catalog.KindDefault {
				return
			}
			writers := p.Producers(name)
			if len(writers) == 0 {
				return
			}
			k := place{name, bindingPos(writers[0], name, true)}
			if done[k] {
				return
			}
			done[k] = true
			pass.Reportf(k.pos, "%q has no catalog entry: kfc keeps it as a run-scoped file (Kedro: a MemoryDataset), so it is lost after the run", name)
		})
	}
}
