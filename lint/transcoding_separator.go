package lint

import (
	"fmt"
	"strings"

	"github.com/kfc-dev/kfc/compiler/catalog"
	"github.com/kfc-dev/kfc/compiler/diag"
)

// compiler/catalog reports explicit entries (Kedro refuses the catalog);
// a pattern key with two '@' is only a warning: Kedro accepts it, but any
// name it resolves fails in a pipeline.
func init() {
	Register(&Rule{Name: catalog.RuleTranscodingSeparator, Severity: diag.Error, Run: runTranscodingSeparator,
		Doc: "a catalog name has more than one `@` transcoding separator"})
}

func runTranscodingSeparator(pass *Pass) {
	reportCatalogFindings(pass)
	for _, it := range pass.Facts.CatalogItems() {
		if !it.Pattern {
			continue
		}
		if n := strings.Count(it.Name, catalog.TranscodingSeparator); n > 1 {
			pass.Report(diag.Diagnostic{Pos: it.Pos, Severity: diag.Warning, Rule: pass.rule.Name, Message: fmt.Sprintf(
				"dataset pattern '%s' has %d transcoding separators: every name it matches fails in a pipeline (Expected maximum 1 transcoding separator)", it.Name, n)})
		}
	}
}
