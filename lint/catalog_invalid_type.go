package lint

import (
	"github.com/kfc-dev/kfc/compiler/catalog"
	"github.com/kfc-dev/kfc/compiler/diag"
)

// Reported by compiler/catalog (also at build time); forwarded here.
func init() {
	Register(&Rule{Name: "catalog-invalid-type", Needs: needsCatalog, Code: catalog.CodeInvalidType, Severity: diag.Error, Scope: diag.ScopeDataset, Run: reportCatalogFindings,
		Doc: "`type` is not a string, is empty, or starts or ends with a dot"})
}
