package lint

import (
	"strings"

	"github.com/kfc-dev/kfc/compiler/diag"
)

// RulePipelineUnusedParameter: a top-level parameter no node uses
// (`params:a.b` uses `a`; `parameters` uses them all). Quiet when the
// pipelines are Python code or could not all be expanded.
const RulePipelineUnusedParameter = "pipeline-unused-parameter"

func init() {
	Register(&Rule{Name: RulePipelineUnusedParameter, Needs: needsPipelinesArgs, Severity: diag.Warning, Run: runPipelineUnusedParameter,
		Doc: "a top-level parameter is used by no node of any pipeline (params:a.b counts as a use of a)"})
}

func runPipelineUnusedParameter(pass *Pass) {
	pf := pass.Facts.Pipelines()
	params := pass.Project.Get("parameters")
	if !pf.Present || !pf.Complete || params == nil {
		return
	}
	used := map[string]bool{}
	for _, p := range pf.Pipelines {
		for _, ref := range p.ParamRefs() {
			if ref == "parameters" {
				return // the whole dictionary is used
			}
			// params:a.b.c uses a, a.b and a.b.c: top-level keys may
			// themselves contain dots.
			path := strings.TrimPrefix(ref, "params:")
			for i, c := range path {
				if c == '.' {
					used[path[:i]] = true
				}
			}
			used[path] = true
		}
	}
	for _, pair := range params.Pairs {
		if strings.HasPrefix(pair.Key, "_") || pair.KeyPos().File == "" {
			continue // templates; runtime --params
		}
		if used[pair.Key] {
			continue
		}
		pass.Reportf(pair.KeyPos(), "parameter %q is used by no pipeline", pair.Key)
	}
}
