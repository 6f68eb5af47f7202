package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/schema"
)

// Checked by schema.CheckDataset against the embedded CUE dataset schemas;
// see lint/dataset_facts.go.
func init() {
	Register(&Rule{Name: "dataset-not-versionable", Needs: needsCatalog, Code: schema.CodeNotVersionable, Severity: diag.Error, Scope: diag.ScopeDataset, Run: reportDatasetFindings,
		Doc: "versioned: true on a dataset type that cannot be versioned"})
}
