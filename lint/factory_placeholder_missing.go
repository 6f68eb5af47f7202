package lint

import (
	"github.com/kfc-dev/kfc/compiler/catalog"
	"github.com/kfc-dev/kfc/compiler/diag"
)

// Reported by compiler/catalog (also at build time); forwarded here.
func init() {
	Register(&Rule{Name: "factory-placeholder-missing", Needs: needsCatalog, Code: catalog.CodePlaceholderMissing, Severity: diag.Error, Run: reportCatalogFindings,
		Doc: "a pattern's values use a {placeholder} that its key does not have; Kedro refuses the catalog"})
}
