package lint

import (
	"github.com/kfc-dev/kfc/compiler/catalog"
	"github.com/kfc-dev/kfc/compiler/diag"
)

// Reported by compiler/catalog (also at build time); forwarded here.
func init() {
	Register(&Rule{Name: "factory-multiple-catch-all", Needs: needsCatalog, Code: catalog.CodeMultipleCatchAll, Severity: diag.Error, Run: reportCatalogFindings,
		Doc: "more than one catch-all pattern (no characters outside braces); Kedro refuses the catalog"})
}
