package lint

import (
	"sync"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/mlproject"
)

// mlprojectFacts is the project's MLproject, parsed once, with what
// mlproject.Parse reported by problem code.
type mlprojectFacts struct {
	once     sync.Once
	proj     *mlproject.Project
	findings map[diag.Code][]diag.Diagnostic
}

// MLproject returns the parsed MLproject file, or nil when the project has none.
func (f *Facts) MLproject() *mlproject.Project {
	f.mlproject.once.Do(func() {
		f.mlproject.findings = map[diag.Code][]diag.Diagnostic{}
		if f.Project == nil || f.Project.MLproject == nil {
			return
		}
		var diags diag.List
		f.mlproject.proj = mlproject.Parse(f.Project.MLproject, &diags)
		for _, d := range diags.Items() {
			f.mlproject.findings[d.Code] = append(f.mlproject.findings[d.Code], d)
		}
	})
	return f.mlproject.proj
}

// reportMLprojectFindings forwards what mlproject.Parse found under the
// running rule's code: the checks live in the compiler, so `kfc build`
// fails on the same problems.
func reportMLprojectFindings(pass *Pass) {
	pass.Facts.MLproject()
	for _, d := range pass.Facts.mlproject.findings[pass.rule.Code] {
		pass.Report(d)
	}
}
