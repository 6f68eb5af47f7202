package lint

import (
	"github.com/kfc-dev/kfc/compiler/mlproject"
)

// MLproject returns the parsed MLproject file, or nil when the project has none.
func (f *Facts) MLproject() *mlproject.Project { return f.Model.MLproject() }

// reportMLprojectFindings forwards what mlproject.Parse found under the
// running rule's code: the checks live in the compiler, so `kfc build`
// fails on the same problems.
func reportMLprojectFindings(pass *Pass) {
	for _, d := range pass.Facts.Model.MLprojectProblems(pass.rule.Code) {
		pass.Report(d)
	}
}
