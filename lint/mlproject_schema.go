package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/mlproject"
)

// Reported by compiler/mlproject (also at build time) against #MLproject in
// schema/mlproject.cue; forwarded from the shared MLproject facts.
func init() {
	Register(&Rule{Name: "mlproject-schema", Needs: needsMLproject, Code: mlproject.CodeSchema, Severity: diag.Error, Run: reportMLprojectFindings,
		Doc: "the MLproject has an unknown key (MLflow ignores it), a value of the wrong shape (MLflow crashes with AttributeError), an entry point without a string command, or a key YAML reads as a bool or number"})
}
