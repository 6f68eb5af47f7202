package lint

import (
	"github.com/kfc-dev/kfc/compiler/catalog"
	"github.com/kfc-dev/kfc/compiler/diag"
)

// compiler/catalog reports explicit entries (Kedro refuses the catalog); a
// pattern key with two '@' is transcoding-separator-pattern's warning.
func init() {
	Register(&Rule{Name: "transcoding-separator", Needs: needsCatalog, Code: catalog.CodeTranscodingSeparator, Severity: diag.Error, Run: reportCatalogFindings,
		Doc: "a catalog entry's name has more than one `@` transcoding separator"})
}
