package lint

import "github.com/kfc-dev/kfc/compiler/pyproject"

// testPyproject is the parsed pyproject.toml of dir, nil when there is
// none, as config.Load hands it on (Project.Pyproject).
func testPyproject(dir string) *pyproject.Doc {
	doc, _ := pyproject.Read(dir)
	return doc
}
