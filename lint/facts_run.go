package lint

import (
	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
)

// RunFacts is Run that also returns the shared views the rules built
// (catalog, expanded pipelines, MLproject), so a caller that needs them
// next, as `kfc build` does, does not parse and expand everything again.
func RunFacts(proj *config.Project, diags *diag.List) *Facts {
	facts := NewFacts(proj)
	for _, r := range Rules() {
		if r.Run == nil {
			continue
		}
		r.Run(&Pass{Project: proj, Facts: facts, rule: r, diags: diags})
	}
	return facts
}
