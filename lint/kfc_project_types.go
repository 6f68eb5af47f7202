package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/schema"
)

// Read by compiler/model (ReadDeclarations), checked by schema.AddProjectTypes; see lint/dataset_facts.go.
func init() {
	Register(&Rule{Name: "kfc-project-types", Code: schema.CodeProjectTypes, Severity: diag.Error, Run: reportDatasetFindings,
		Doc: "the project's declarations to kfc cannot be used: a [tool.kfc.dataset_types] table of a bad shape, with an unknown key or a name that is not a full import path, or kfc/*.cue (dataset types, #Parameters) that does not compile"})
}
