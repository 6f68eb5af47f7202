package lint

import (
	"github.com/kfc-dev/kfc/compiler/catalog"
	"github.com/kfc-dev/kfc/compiler/diag"
)

// Reported by compiler/catalog (also at build time); forwarded here.
func init() {
	Register(&Rule{Name: "catalog-missing-type", Needs: needsCatalog, Code: catalog.CodeMissingType, Severity: diag.Error, Scope: diag.ScopePattern, Run: reportCatalogFindings,
		Doc: "a catalog entry or dataset pattern has no `type`"})
}
