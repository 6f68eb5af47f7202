package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/mlproject"
)

// Reported by compiler/mlproject; forwarded from the shared MLproject facts.
func init() {
	Register(&Rule{Name: "mlproject-placeholder", Needs: needsMLproject, Code: mlproject.CodePlaceholder, Severity: diag.Error, Run: reportMLprojectFindings,
		Doc: "an MLproject command has a {placeholder} with no declared parameter (KeyError in MLflow), a positional {} or {0}, an unescaped brace, or a str.format feature that acts on the shell-quoted value ({x[0]}, {x!r}, {x.attr})"})
}
