package lint

import (
	"strings"

	"github.com/kfc-dev/kfc/compiler/diag"
)

func init() {
	Register(&Rule{Name: "catalog-windows-path", Needs: needsCatalog, Severity: diag.Warning, Run: runWindowsPath,
		Doc: "a local `filepath`/`path`/`filename` uses backslashes or a drive letter, which only works on Windows"})
}

func runWindowsPath(pass *Pass) {
	for _, cp := range pass.Facts.CatalogPaths() {
		v := cp.Value
		if urlScheme(v.Text) != "" && windowsDrive(v.Text) == "" {
			continue // a URL: fsspec's business
		}
		switch {
		case strings.Contains(v.Text, `\`):
			pass.Reportf(v.Pos(), "'%s' uses backslashes: on Linux and macOS a backslash is part of a file name, not a separator; use '/' (Windows accepts it too)", v.Text)
		case windowsDrive(v.Text) != "":
			pass.Reportf(v.Pos(), "'%s' is a Windows path: it only works on Windows; use a path relative to the project or a URL", v.Text)
		}
	}
}
