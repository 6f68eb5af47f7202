package lint

import (
	"sort"
	"strings"

	"github.com/kfc-dev/kfc/compiler/catalog"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/pipeline"
)

// RulePipelineFreeInput: a pipeline reads a dataset no node writes and
// the catalog cannot provide. Kedro fails the run with "Pipeline input(s)
// {...} not found in the DataCatalog".
const RulePipelineFreeInput = "pipeline-free-input"

func init() {
	Register(&Rule{Name: RulePipelineFreeInput, Needs: needsPipelinesData, Severity: diag.Error, Run: runPipelineFreeInput,
		Doc: "a pipeline's free input (read, never written by its nodes) has no catalog entry and matches no dataset factory"})
}

func runPipelineFreeInput(pass *Pass) {
	pf := pass.Facts.Pipelines()
	type place struct {
		name string
		pos  diag.Pos
	}
	in := map[place][]string{} // where a free input is read -> pipelines
	for _, p := range pf.Pipelines {
		// FreeInputs without its sort: the inputs no node writes.
		eachName(p, bindInputs, func(name string) {
			if len(p.Producers(name)) > 0 || pipeline.IsParameter(name) || resolvedKind(pf, name) != catalog.KindDefault {
				return
			}
			readers := p.Consumers(name)
			if len(readers) == 0 {
				return
			}
			k := place{name, bindingPos(readers[0], name, false)}
			in[k] = append(in[k], p.Name)
		})
	}
	for k, pipes := range in {
		sort.Strings(pipes)
		label := "pipeline " + pipes[0]
		if len(pipes) > 1 {
			label = "pipelines " + strings.Join(pipes, ", ")
		}
		pass.Reportf(k.pos, "%q is a free input of %s, but no catalog entry or dataset factory provides it (Kedro: \"Pipeline input(s) not found in the DataCatalog\")", k.name, label)
	}
}
