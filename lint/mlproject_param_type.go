package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/mlproject"
)

// Reported by compiler/mlproject; forwarded from the shared MLproject facts.
func init() {
	Register(&Rule{Name: "mlproject-param-type", Needs: needsMLproject, Code: mlproject.CodeParamType, Severity: diag.Error, Run: reportMLprojectFindings,
		Doc: "an MLproject parameter has a type other than string, float, int, bool, path or uri, or a default that does not fit its type once MLflow turns it into a string"})
}
