package schema

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// schema/ holds schemas: it takes values and bytes and reads no project
// file (compiler/model reads the declarations, compiler/pyproject the
// pyproject.toml), so it imports no file reader and calls no os read.
func TestSchemaReadsNoProjectFile(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range af.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			switch path {
			case "os", "github.com/kfc-dev/kfc/internal/safefs", "github.com/kfc-dev/kfc/compiler/pyproject",
				"github.com/kfc-dev/kfc/compiler/config", "github.com/BurntSushi/toml":
				t.Errorf("%s imports %s: schema/ reads no project file", f, path)
			}
		}
	}
	if len(files) == 0 {
		t.Fatal("no source files found")
	}
}
