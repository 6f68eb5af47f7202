package lint

import (
	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/internal/py"
)

// RulePipelineEntryPointUndeclared: a binding names no declared parameter
// of the entry point. MLflow accepts it and appends `--key value` to the
// command, which is rarely what a misspelt name meant.
const RulePipelineEntryPointUndeclared = "pipeline-entry-point-undeclared"

func init() {
	Register(&Rule{Name: RulePipelineEntryPointUndeclared, Needs: []string{"pipelines", config.KeyMLproject}, Severity: diag.Warning, Run: runPipelineEntryPointUndeclared,
		Doc: "an entry_point node binds a name the entry point does not declare: MLflow appends it to the command as --name value"})
}

func runPipelineEntryPointUndeclared(pass *Pass) {
	pf := pass.Facts.Pipelines()
	for _, n := range pf.Nodes() {
		ep := pf.MLproject.EntryPoint(n.EntryPoint)
		if n.EntryPoint == "" || ep == nil {
			continue
		}
		var declared []string
		for _, p := range ep.Params {
			declared = append(declared, p.Name)
		}
		for _, b := range nodeBindings(n) {
			if ep.Param(b.Key) != nil {
				continue
			}
			hint := ""
			if s := py.CloseMatches(b.Key, declared); len(s) > 0 {
				hint = "; did you mean " + s[0] + "?"
			}
			pass.Reportf(b.Pos, "entry point %q declares no parameter %q: MLflow appends it to the command as --%s <value>%s", ep.Name, b.Key, b.Key, hint)
		}
	}
}
