package lint

import (
	"github.com/kfc-dev/kfc/compiler/catalog"
	"github.com/kfc-dev/kfc/compiler/diag"
)

// Reported by compiler/catalog (also at build time); forwarded here.
func init() {
	Register(&Rule{Name: "factory-literal-brace", Needs: needsCatalog, Code: catalog.CodeFactoryLiteralBrace, Severity: diag.Warning, Run: reportCatalogFindings,
		Doc: "a brace in a pattern key that parse reads as plain text, so the key matches only that literal text"})
}
