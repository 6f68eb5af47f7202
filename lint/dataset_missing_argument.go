package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/schema"
)

// Checked by schema.CheckDataset against the embedded CUE dataset schemas;
// see lint/dataset_facts.go.
func init() {
	Register(&Rule{Name: "dataset-missing-argument", Needs: needsCatalog, Code: schema.CodeMissingArgument, Severity: diag.Error, Scope: diag.ScopeDataset, Run: reportDatasetFindings,
		Doc: "a required constructor argument of the dataset type is missing"})
}
