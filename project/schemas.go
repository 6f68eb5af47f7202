package project

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/model"
	"github.com/kfc-dev/kfc/compiler/pyproject"
	"github.com/kfc-dev/kfc/lint"
	"github.com/kfc-dev/kfc/schema"
)

// Schemas are kfc's schemas extended with what the project at root
// declares (pyproject.toml's dataset types, kfc/*.cue), for `kfc schema
// parameters`: only those files are read, not the project's configuration.
// The problems in the declarations come with their rules; with any, the
// embedded schemas are used alone.
func Schemas(root string) (*schema.Schemas, []diag.Diagnostic, error) {
	s, err := schema.Load()
	if err != nil {
		return nil, nil, err
	}
	pp, _ := pyproject.Read(root) // unreadable or invalid: kfc vet's finding
	var diags diag.List
	types, files := model.ReadDeclarations(root, pp, &diags)
	s = s.AddProjectTypes(types, files, &diags)
	lint.ClassifyAll(&diags)
	return s, diags.Items(), nil
}
