package lint

import (
	"path"
	"strings"

	"github.com/kfc-dev/kfc/compiler/catalog"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

func init() {
	Register(&Rule{Name: "catalog-path-escapes", Needs: needsCatalog, Severity: diag.Warning, Run: runPathEscapes,
		Doc: "a relative `filepath`/`path`/`filename` climbs out of the project with `..`: Kedro joins it to the project root, so it depends on where the project is checked out"})
}

func runPathEscapes(pass *Pass) {
	for _, it := range pass.Facts.CatalogItems() {
		pathValues(it.Config, func(key string, v *tree.Node) {
			if !isRelativePath(v.Text) {
				return
			}
			p := v.Text
			if it.Pattern && catalog.IsPattern(p) {
				// Only the directories before the first placeholder are known.
				p = p[:strings.IndexByte(p, '{')]
				p = p[:strings.LastIndexByte(p, '/')+1]
			}
			if p == "" {
				return
			}
			if clean := path.Clean(p); clean == ".." || strings.HasPrefix(clean, "../") {
				pass.Reportf(v.Pos(), "'%s' is outside the project: Kedro joins a relative '%s' to the project root, giving <project>/%s", v.Text, key, v.Text)
			}
		})
	}
}
