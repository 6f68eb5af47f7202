// Package schema holds kfc's CUE schemas, embedded in the binary, and the
// checks that validate configuration trees against them.
//
// Every .cue file in this directory is `package kfc`; they are compiled
// together as one package, so any file may refer to another's definitions
// (#Entry, #Datasets, #MlflowConfig, ...). Findings are always reported at
// the position of the data (a tree.Node), never at the schema's.
package schema

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"sync"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/cuecontext"
	"cuelang.org/go/cue/parser"
)

//go:embed *.cue
var embedded embed.FS

// Schemas is the compiled schema package plus caches of what the checks
// derived from it. It is safe for concurrent use.
type Schemas struct {
	ctx      *cue.Context
	value    cue.Value
	datasets cue.Value // #Datasets
	resolve  func(string) (string, bool)

	mu          sync.Mutex
	structs     map[string]*structInfo  // schema id -> fields of a struct schema
	typeStructs map[string]*structInfo  // full dataset type -> structs["d:"+type]
	leaves      map[leafKey]string      // schema id + value -> "" or the error message
	kindOnly    map[leafKey]bool        // schema id + kind (no text) -> any value of the kind is valid
	types       map[string]*DatasetType // full type -> derived table row
	names       []string                // sorted full names of every known dataset type
	nameSet     map[string]bool

	planOnce sync.Once
	plan     *jsonShape // #Plan compiled to Go
	planErr  error
}

var (
	loadOnce   sync.Once
	loaded     *Schemas
	loadErr    error
	sourceFile []source
)

// source is one CUE file, by the name positions will show.
type source struct {
	name string
	src  []byte
}

// Load compiles the embedded schemas once; later calls return the same value.
func Load() (*Schemas, error) {
	loadOnce.Do(func() {
		files, err := embeddedSources()
		if err != nil {
			loadErr = err
			return
		}
		sourceFile = files
		loaded, loadErr = compile(files)
	})
	return loaded, loadErr
}

// MustLoad is Load for the checks that have no error to return: embedded
// schemas that do not compile are kfc's bug, raised as an *InternalError
// panic, which the command line reports as one line and exit 3.
func MustLoad() *Schemas {
	s, err := Load()
	if err != nil {
		panic(&InternalError{Err: fmt.Errorf("schema: kfc's embedded schemas do not compile: %v", err)})
	}
	return s
}

func embeddedSources() ([]source, error) {
	names, err := fs.Glob(embedded, "*.cue")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	out := make([]source, 0, len(names))
	for _, n := range names {
		b, err := embedded.ReadFile(n)
		if err != nil {
			return nil, err
		}
		out = append(out, source{name: "schema/" + n, src: b})
	}
	return out, nil
}

// compile builds one package from files. Files are parsed separately (so
// positions name the right file) and their declarations merged into one
// file: the package is small and has no cue.mod, so the module loader
// would only add start-up time and dependencies.
func compile(files []source) (*Schemas, error) {
	merged := &ast.File{}
	imports := map[string]bool{}
	var importSpecs []*ast.ImportSpec
	var body []ast.Decl
	for _, f := range files {
		parsed, err := parser.ParseFile(f.name, f.src, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		if name := parsed.PackageName(); name != "kfc" {
			return nil, fmt.Errorf("%s: package %q, want package kfc", f.name, name)
		}
		for _, d := range parsed.Decls {
			switch d := d.(type) {
			case *ast.Package:
				continue
			case *ast.ImportDecl:
				for _, spec := range d.Specs {
					if !imports[spec.Path.Value] {
						imports[spec.Path.Value] = true
						importSpecs = append(importSpecs, spec)
					}
				}
				continue
			}
			body = append(body, d)
		}
	}
	merged.Decls = append(merged.Decls, &ast.Package{Name: ast.NewIdent("kfc")})
	if len(importSpecs) > 0 {
		merged.Decls = append(merged.Decls, &ast.ImportDecl{Specs: importSpecs})
	}
	merged.Decls = append(merged.Decls, body...)

	ctx := cuecontext.New()
	v := ctx.BuildFile(merged)
	if err := v.Err(); err != nil {
		return nil, err
	}
	s := newSchemas(ctx, v, nil)
	if err := s.datasets.Err(); err != nil {
		return nil, fmt.Errorf("schema: #Datasets: %v", err)
	}
	return s, nil
}

// Value is the whole compiled package, for checks defined in other
// files of this package (look definitions up with cue.Def).
func (s *Schemas) Value() cue.Value { return s.value }

// Context is the cue.Context the package was built in; values unified
// with Value must come from it.
func (s *Schemas) Context() *cue.Context { return s.ctx }

// WithResolver returns a copy of s that resolves the type strings of nested
// dataset configurations (PartitionedDataset's `dataset`, ...) with
// resolve, which must be compiler/catalog's Kedro type resolution. Without
// one, nested types resolve by Kedro's prefix rule against known types only.
func (s *Schemas) WithResolver(resolve func(string) (string, bool)) *Schemas {
	c := s.derive(s.value)
	c.resolve = resolve
	return c
}

// derive is a Schemas over v (s's value, possibly extended) with fresh caches.
func (s *Schemas) derive(v cue.Value) *Schemas { return newSchemas(s.ctx, v, s.resolve) }

func newSchemas(ctx *cue.Context, v cue.Value, resolve func(string) (string, bool)) *Schemas {
	s := &Schemas{
		ctx:         ctx,
		value:       v,
		datasets:    v.LookupPath(cue.MakePath(cue.Def("#Datasets"))),
		resolve:     resolve,
		structs:     map[string]*structInfo{},
		typeStructs: map[string]*structInfo{},
		leaves:      map[leafKey]string{},
		kindOnly:    map[leafKey]bool{},
		types:       map[string]*DatasetType{},
	}
	if iter, err := s.datasets.Fields(cue.Optional(true)); err == nil {
		for iter.Next() {
			s.names = append(s.names, iter.Selector().Unquoted())
		}
	}
	sort.Strings(s.names)
	s.nameSet = make(map[string]bool, len(s.names))
	for _, n := range s.names {
		s.nameSet[n] = true
	}
	return s
}

// InternalError is a check that failed in itself (the embedded schemas do
// not compile, CUE fails unexpectedly): kfc's bug, exit 3, never a finding
// about the checked document nor a silent pass.
type InternalError struct{ Err error }

func (e *InternalError) Error() string { return e.Err.Error() }

func (e *InternalError) Unwrap() error { return e.Err }
