package lint

import (
	"sync"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/schema"
)

// projectSchemas are kfc's schemas extended with the project's own
// declarations (pyproject.toml dataset types, kfc/*.cue: #Datasets,
// #Parameters), compiled once for the dataset and the parameter checks.
type projectSchemas struct {
	once  sync.Once
	s     *schema.Schemas
	err   error             // the embedded schemas do not compile: kfc's bug
	diags []diag.Diagnostic // reading or compiling the declarations; dataset-unknown-type reports them
}

// Schemas returns the project's schemas and the problems in its
// declarations (with them, the embedded schemas are used alone).
func (f *Facts) Schemas() (*schema.Schemas, []diag.Diagnostic, error) {
	ps := &f.schemas
	ps.once.Do(func() {
		ps.s, ps.err = schema.Load()
		if ps.err != nil || f.Project == nil || f.Project.Root == "" {
			return
		}
		decl := f.Model.Declarations()
		var diags diag.List
		for _, d := range decl.Problems {
			diags.Add(d)
		}
		ps.s = ps.s.AddProjectTypes(decl.Types, decl.CUE, &diags)
		ps.diags = diags.Items()
	})
	return ps.s, ps.diags, ps.err
}
