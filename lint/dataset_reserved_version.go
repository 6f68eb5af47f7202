package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/schema"
)

// Checked by schema.CheckDataset against the embedded CUE dataset schemas;
// see lint/dataset_facts.go.
func init() {
	Register(&Rule{Name: "dataset-reserved-version", Needs: needsCatalog, Code: schema.CodeReservedVersion, Severity: diag.Warning, Run: reportDatasetFindings,
		Doc: "a version: key in a catalog entry, which Kedro removes with a warning"})
}
