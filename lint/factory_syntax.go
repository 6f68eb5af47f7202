package lint

import (
	"github.com/kfc-dev/kfc/compiler/catalog"
	"github.com/kfc-dev/kfc/compiler/diag"
)

// Reported by compiler/catalog (also at build time); forwarded here.
func init() {
	Register(&Rule{Name: "factory-syntax", Needs: needsCatalog, Code: catalog.CodeFactorySyntax, Severity: diag.Error, Run: reportCatalogFindings,
		Doc: "a dataset pattern that parse or str.format_map raises on: unknown format type, bad field name, repeated name with another format, a value Kedro cannot fill"})
}
