package lint

import (
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
)

// tested collects the rules whose findings a test of this package checked
// (see record); TestMain fails the package when a rule has none.
var (
	testedMu sync.Mutex
	tested   = map[string]bool{}
)

// record notes the rules of findings a test compares with what it wants.
func record(items []diag.Diagnostic) {
	testedMu.Lock()
	defer testedMu.Unlock()
	for _, d := range items {
		tested[d.Rule] = true
	}
}

// TestMain runs the tests and then, when all of them ran, checks that
// every registered rule had at least one of its findings checked by one:
// a rule without a test fails here, by name.
func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if code == 0 && flag.Lookup("test.run").Value.String() == "" && !testing.Short() {
		if missing := untested(); len(missing) > 0 {
			fmt.Fprintf(os.Stderr, "FAIL: rules no test of lint/ triggers (add one in lint/<rule>_test.go): %v\n", missing)
			code = 1
		}
	}
	os.Exit(code)
}

func untested() []string {
	testedMu.Lock()
	defer testedMu.Unlock()
	var out []string
	for _, r := range Rules() {
		if !tested[r.Name] {
			out = append(out, r.Name)
		}
	}
	sort.Strings(out)
	return out
}

// declaredCodes parses every non-test Go file of the module and returns
// the problem codes declared as constants of type diag.Code, by value,
// with where each is declared; bad lists codes passed as bare literals.
func declaredCodes(t *testing.T) (codes map[diag.Code]string, bad []string) {
	t.Helper()
	codes = map[diag.Code]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		inLint := filepath.Dir(path) == filepath.Join("..", "lint")
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				if sel, ok := n.Type.(*ast.SelectorExpr); ok && sel.Sel.Name == "Code" && fmt.Sprint(sel.X) == "diag" {
					for i, name := range n.Names {
						lit, ok := n.Values[i].(*ast.BasicLit)
						if !ok {
							bad = append(bad, fset.Position(name.Pos()).String()+": code "+name.Name+" is not a string literal")
							continue
						}
						v, _ := strconv.Unquote(lit.Value)
						if prev, dup := codes[diag.Code(v)]; dup {
							bad = append(bad, fset.Position(name.Pos()).String()+": code "+v+" also declared at "+prev)
						}
						codes[diag.Code(v)] = fset.Position(name.Pos()).String()
					}
				}
			case *ast.CallExpr:
				// (lint's Pass.Reportf takes a format where diag.List's takes the code)
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Reportf" && len(n.Args) > 1 && !inLint {
					if _, lit := n.Args[1].(*ast.BasicLit); lit {
						bad = append(bad, fset.Position(n.Pos()).String()+": Reportf with a literal code; declare a diag.Code constant")
					}
				}
			case *ast.KeyValueExpr:
				if k, ok := n.Key.(*ast.Ident); ok && k.Name == "Code" {
					if _, lit := n.Value.(*ast.BasicLit); lit {
						bad = append(bad, fset.Position(n.Pos()).String()+": a literal code; declare a diag.Code constant")
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return codes, bad
}

// TestEveryCodeHasARule: every problem code a package declares belongs to
// exactly one rule (Register refuses a second claim), and every rule's code
// is declared, so no finding can reach the output without a rule id that
// `kfc rules` lists (Classify panics on an unowned code).
func TestEveryCodeHasARule(t *testing.T) {
	codes, bad := declaredCodes(t)
	for _, b := range bad {
		t.Error(b)
	}
	if len(codes) < 50 {
		t.Fatalf("found only %d codes: the scan is broken", len(codes))
	}
	for code, where := range codes {
		if ForCode(code) == nil {
			t.Errorf("%s: code %s belongs to no rule (give a rule in lint/ Code: it)", where, code)
		}
	}
	for _, r := range Rules() {
		if r.Code != "" && codes[r.Code] == "" {
			t.Errorf("rule %s claims code %s, which no package declares", r.Name, r.Code)
		}
	}
}

// TestClassifyUnknownCodePanics: a problem no rule owns is kfc's bug, not
// a finding without an id.
func TestClassifyUnknownCodePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Classify accepted a code no rule owns")
		}
	}()
	d := diag.Diagnostic{Code: "nowhere.Unknown"}
	Classify(&d)
}

// TestFindingsOfLintNameRules: the rule ids lint's own files write into
// findings (Rule: "..." or a constant) are registered rules.
func TestFindingsOfLintNameRules(t *testing.T) {
	fset := token.NewFileSet()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	consts := map[string]string{}
	var uses []*ast.KeyValueExpr
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				for i, name := range n.Names {
					if i < len(n.Values) {
						if lit, ok := n.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							consts[name.Name], _ = strconv.Unquote(lit.Value)
						}
					}
				}
			case *ast.KeyValueExpr:
				if k, ok := n.Key.(*ast.Ident); ok && (k.Name == "Rule" || k.Name == "Name") {
					uses = append(uses, n)
				}
			}
			return true
		})
	}
	checked := 0
	for _, kv := range uses {
		var id string
		switch v := kv.Value.(type) {
		case *ast.BasicLit:
			id, _ = strconv.Unquote(v.Value)
		case *ast.Ident:
			id = consts[v.Name]
		default:
			continue // pass.rule.Name and the like: the running rule
		}
		checked++
		if id != "" && Lookup(id) == nil {
			t.Errorf("%s: finding or rule %q is not a registered rule", fset.Position(kv.Pos()), id)
		}
	}
	if checked < len(Rules()) {
		t.Fatalf("checked only %d names for %d rules: the scan is broken", checked, len(Rules()))
	}
}
