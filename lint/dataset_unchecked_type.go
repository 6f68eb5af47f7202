package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/schema"
)

// Checked by schema.CheckTypeName; see lint/dataset_facts.go.
func init() {
	Register(&Rule{Name: "dataset-unchecked-type", Needs: needsCatalog, Code: schema.CodeUncheckedType, Severity: diag.Info, Run: reportDatasetFindings,
		Doc: "a dataset type outside the namespaces kfc knows (a project's own class): its arguments are not checked until it is declared in [tool.kfc.dataset_types]"})
}
