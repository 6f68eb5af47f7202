package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/schema"
)

// Checked by schema.CheckDataset against the embedded CUE dataset schemas;
// see lint/dataset_facts.go.
func init() {
	Register(&Rule{Name: "dataset-unknown-type", Needs: needsCatalog, Code: schema.CodeUnknownType, Severity: diag.Error, Scope: diag.ScopeDataset, Run: reportDatasetFindings,
		Doc: "a dataset type that does not exist in kedro-datasets, kedro.io or kedro-mlflow"})
}
