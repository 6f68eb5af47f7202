package lint

import (
	"strings"

	"github.com/kfc-dev/kfc/compiler/catalog"
	"github.com/kfc-dev/kfc/compiler/diag"
)

// A pattern key with two '@' is only a warning: Kedro accepts it, but any
// name it resolves fails in a pipeline. Entries are transcoding-separator's.
func init() {
	Register(&Rule{Name: "transcoding-separator-pattern", Needs: needsCatalog, Severity: diag.Warning, Run: runTranscodingSeparatorPattern,
		Doc: "a dataset factory pattern has more than one `@` transcoding separator: Kedro accepts it, but every name it matches fails in a pipeline"})
}

func runTranscodingSeparatorPattern(pass *Pass) {
	for _, it := range pass.Facts.CatalogItems() {
		if !it.Pattern {
			continue
		}
		if n := strings.Count(it.Name, catalog.TranscodingSeparator); n > 1 {
			pass.Reportf(it.Pos, "dataset pattern '%s' has %d transcoding separators: every name it matches fails in a pipeline (Expected maximum 1 transcoding separator)", it.Name, n)
		}
	}
}
