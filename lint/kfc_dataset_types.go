package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/schema"
)

// Checked by schema.ReadProjectTypes and AddProjectTypes; see lint/dataset_facts.go.
func init() {
	Register(&Rule{Name: "kfc-dataset-types", Code: schema.CodeDatasetTypes, Severity: diag.Error, Run: reportDatasetFindings,
		Doc: "a dataset type declared in [tool.kfc.dataset_types] or kfc/*.cue that kfc cannot use: a bad shape, an unknown key, a name that is not a full import path, CUE that does not compile"})
}
