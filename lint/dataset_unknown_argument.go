package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/schema"
)

// Checked by schema.CheckDataset against the embedded CUE dataset schemas;
// see lint/dataset_facts.go.
func init() {
	Register(&Rule{Name: "dataset-unknown-argument", Needs: needsCatalog, Code: schema.CodeUnknownArgument, Severity: diag.Error, Scope: diag.ScopeDataset, Run: reportDatasetFindings,
		Doc: "an argument its dataset type's constructor does not take (Kedro fails with TypeError); did-you-mean included"})
}
