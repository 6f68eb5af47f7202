package schema

import (
	"fmt"
	"strconv"
	"strings"

	cueerrors "cuelang.org/go/cue/errors"
	"github.com/kfc-dev/kfc/compiler/diag"
)

// The project's declarations are read by compiler/model (this package
// reads no project file); these are the values it hands over.
//
// The problems of a project's declarations to kfc ([tool.kfc.dataset_types],
// kfc/*.cue): CodeProjectTypes, ones kfc cannot use; CodeTypeRedeclared, a
// dataset type kfc knows already, whose declaration is ignored.
const (
	CodeProjectTypes   diag.Code = "schema.ProjectTypes"
	CodeTypeRedeclared diag.Code = "schema.TypeRedeclared"
)

// ProjectType is a dataset class the project declares in pyproject.toml:
//
//	[tool.kfc.dataset_types."my_pkg.datasets.ImageDataset"]
//	required = ["filepath"]
//	optional = ["load_args", "save_args", "metadata"]
//	versioned = true
type ProjectType struct {
	Name      string // the full import path the catalog's type resolves to
	Required  []string
	Optional  []string
	Versioned bool
	Pos       diag.Pos // where it is declared
}

// ProjectCUE is one CUE file of the project's kfc/ folder: `package kfc`
// definitions unified with the embedded schemas (see docs/dataset-types.md).
type ProjectCUE struct {
	Path string // project-relative, forward slashes
	Src  []byte
}

// AddProjectTypes returns a Schemas that also knows the project's declared
// types. s itself is unchanged (Load's value is shared). Declarations that
// do not compile are findings, and the embedded schemas are then used alone.
func (s *Schemas) AddProjectTypes(types []ProjectType, files []ProjectCUE, diags *diag.List) *Schemas {
	if len(types) == 0 && len(files) == 0 {
		return s
	}
	if _, err := Load(); err != nil {
		return s
	}
	srcs := append([]source(nil), sourceFile...)
	var b strings.Builder
	b.WriteString("package kfc\n\n#Datasets: {\n")
	for _, t := range types {
		if s.known(t.Name) {
			diags.Reportf(t.Pos, CodeTypeRedeclared, "dataset type %s is already known to kfc; the declaration is ignored", t.Name)
			continue
		}
		fmt.Fprintf(&b, "\t%s: {\n\t\t#Entry\n", strconv.Quote(t.Name))
		for _, group := range []struct {
			names []string
			mark  string
		}{{t.Required, "!"}, {t.Optional, "?"}} {
			for _, arg := range group.names {
				if arg == "type" || arg == "version" || arg == "versioned" {
					continue // catalog-level keys, always declared
				}
				fmt.Fprintf(&b, "\t\t%s%s: _\n", strconv.Quote(arg), group.mark)
			}
		}
		if t.Versioned {
			b.WriteString("\t\tversioned?: bool @kfc(catalog)\n")
		} else {
			b.WriteString("\t\tversioned?: false @kfc(catalog)\n")
		}
		fmt.Fprintf(&b, "\t} @kfc(doc=%s)\n", strconv.Quote("declared in pyproject.toml [tool.kfc.dataset_types]"))
	}
	b.WriteString("}\n")
	srcs = append(srcs, source{name: "pyproject.toml [tool.kfc.dataset_types]", src: []byte(b.String())})
	for _, f := range files {
		srcs = append(srcs, source{name: f.Path, src: f.Src})
	}
	extended, err := compile(srcs)
	if err != nil {
		reportCUEError(err, files, diags)
		return s
	}
	extended.resolve = s.resolve
	return extended
}

// reportCUEError positions a compile error in the project's own CUE file
// when it is there, else at the first project file.
func reportCUEError(err error, files []ProjectCUE, diags *diag.List) {
	for _, e := range cueerrors.Errors(err) {
		pos := diag.Pos{File: "kfc"}
		if len(files) > 0 {
			pos.File = files[0].Path
		}
		for _, p := range cueerrors.Positions(e) {
			for _, f := range files {
				if p.Filename() == f.Path {
					pos = diag.Pos{File: f.Path, Line: p.Line(), Col: p.Column()}
				}
			}
		}
		format, args := e.Msg()
		msg := fmt.Sprintf(format, args...)
		if path := e.Path(); len(path) > 0 {
			msg = strings.Join(path, ".") + ": " + msg
		}
		diags.Reportf(pos, CodeProjectTypes, "the project's CUE does not compile (datasets are checked with kfc's built-in types only, parameters not at all): %s", msg)
	}
}
