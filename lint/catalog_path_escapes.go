package lint

import (
	"path"
	"strings"

	"github.com/kfc-dev/kfc/compiler/catalog"
	"github.com/kfc-dev/kfc/compiler/diag"
)

func init() {
	Register(&Rule{Name: "catalog-path-escapes", Needs: needsCatalog, Severity: diag.Warning, Run: runPathEscapes,
		Doc: "a relative `filepath`/`path`/`filename` climbs out of the project with `..`: Kedro joins it to the project root, so it depends on where the project is checked out"})
}

func runPathEscapes(pass *Pass) {
	for _, cp := range pass.Facts.CatalogPaths() {
		v := cp.Value
		if !isRelativePath(v.Text) {
			continue
		}
		p := v.Text
		if cp.Pattern && catalog.IsPattern(p) {
			// Only the directories before the first placeholder are known.
			p = p[:strings.IndexByte(p, '{')]
			p = p[:strings.LastIndexByte(p, '/')+1]
		}
		if p == "" {
			continue
		}
		if clean := path.Clean(p); clean == ".." || strings.HasPrefix(clean, "../") {
			pass.Reportf(v.Pos(), "'%s' is outside the project: Kedro joins a relative '%s' to the project root, giving <project>/%s", v.Text, cp.Key, v.Text)
		}
	}
}
