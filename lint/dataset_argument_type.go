package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/schema"
)

// Checked by schema.CheckDataset against the embedded CUE dataset schemas;
// see lint/dataset_facts.go.
func init() {
	Register(&Rule{Name: "dataset-argument-type", Needs: needsCatalog, Code: schema.CodeArgumentType, Severity: diag.Error, Scope: diag.ScopeDataset, Run: reportDatasetFindings,
		Doc: "an argument's value has the wrong type or is not one of the allowed values"})
}
