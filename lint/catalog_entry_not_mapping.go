package lint

import (
	"github.com/kfc-dev/kfc/compiler/catalog"
	"github.com/kfc-dev/kfc/compiler/diag"
)

// Reported by compiler/catalog (also at build time); forwarded here.
func init() {
	Register(&Rule{Name: "catalog-entry-not-mapping", Needs: needsCatalog, Code: catalog.CodeEntryNotMapping, Severity: diag.Error, Run: reportCatalogFindings,
		Doc: "a catalog entry's value is not a mapping; Kedro refuses the catalog (a template key needs a leading underscore)"})
}
