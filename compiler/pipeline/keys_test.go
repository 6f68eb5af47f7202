package pipeline

import (
	"go/ast"
	goparser "go/parser"
	"go/token"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
	"github.com/kfc-dev/kfc/schema"
)

// TestReaderKeysAreTheSchemas enumerates the keys the reader's switches
// handle (the case labels of `switch pair.Key` in definition and node)
// and the keys schema/pipelines.cue declares, and fails on any
// difference: the file editors validate with and the reader must agree.
func TestReaderKeysAreTheSchemas(t *testing.T) {
	s := schema.MustLoad()
	for _, tc := range []struct {
		file, fn string
		defs     []string
	}{
		{"parse.go", "definition", []string{"#NodesPipeline", "#FromPipeline"}},
		{"parse_node.go", "node", []string{"#RunNode", "#ShellNode", "#EntryPointNode", "#KedroNode"}},
	} {
		got := switchKeys(t, tc.file, tc.fn)
		want := append([]string(nil), s.Keys(tc.defs...)...)
		sort.Strings(want)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s %s handles keys %v; %v declare %v", tc.file, tc.fn, got, tc.defs, want)
		}
	}
}

// TestUnknownKeyHintsFromSchema: a misspelt key is answered with the key
// the schema declares.
func TestUnknownKeyHintsFromSchema(t *testing.T) {
	for src, want := range map[string]string{
		"p:\n  nodes: []\n  namespce: x\n":                                   `unknown key "namespce" in pipeline "p"; did you mean "namespace"?`,
		"p:\n  nodes:\n    - name: a\n      run: [x]\n      confrims: [a]\n": `unknown key "confrims" in a node; did you mean "confirms"?`,
	} {
		var diags diag.List
		Parse(tree.Parse("pipelines.yml", []byte(src), &diags), &diags)
		found := false
		for _, d := range diags.Items() {
			found = found || d.Message == want
		}
		if !found {
			t.Errorf("%q: no finding %q in %v", src, want, diags.Items())
		}
	}
}

// switchKeys returns the sorted string case labels of the `switch
// pair.Key` statements directly in function fn of file.
func switchKeys(t *testing.T, file, fn string) []string {
	t.Helper()
	f, err := goparser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Name.Name != fn {
			continue
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			sw, ok := n.(*ast.SwitchStmt)
			if !ok {
				return true
			}
			if sel, ok := sw.Tag.(*ast.SelectorExpr); !ok || sel.Sel.Name != "Key" {
				return true
			}
			for _, st := range sw.Body.List {
				for _, e := range st.(*ast.CaseClause).List {
					if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
						k, _ := strconv.Unquote(lit.Value)
						keys = append(keys, k)
					}
				}
			}
			return false // the outer switch only: inner ones split a key already read
		})
	}
	if len(keys) == 0 {
		t.Fatalf("no `switch pair.Key` in %s %s", file, fn)
	}
	sort.Strings(keys)
	return keys
}
