package project

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/plan"
	"github.com/kfc-dev/kfc/lint"
)

// Excusable reports whether a selection could leave out every error of
// items (plan.Excusable with the rules' scopes); when it is false a build
// refuses without compiling.
func Excusable(items []diag.Diagnostic) bool { return plan.Excusable(items, lint.ScopeOf) }

// Blocking returns the errors of items (project-relative, as
// Findings(View{}) gives them) that stop a build of pl: those in what its
// nodes use, or every error when pl is nil (docs/plan.md, "Errors in what
// the run does not use").
func (p *Project) Blocking(items []diag.Diagnostic, pl *plan.Plan) []diag.Diagnostic {
	var uses *plan.Uses
	// Only errors can block: without one, what the plan uses (a walk of
	// the whole catalog and parameters) decides nothing.
	if pl != nil && hasError(items) {
		uses = plan.UsesOf(pl, p.Config.Get("catalog"), p.Config.Get("parameters"))
	}
	return plan.Blocking(items, lint.ScopeOf, uses)
}

func hasError(items []diag.Diagnostic) bool {
	for _, d := range items {
		if d.Severity == diag.Error {
			return true
		}
	}
	return false
}
