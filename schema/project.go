package schema

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	cueerrors "cuelang.org/go/cue/errors"
	"github.com/BurntSushi/toml"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/internal/safefs"
)

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

// ReadProjectTypes reads the dataset types a project declares: the
// [tool.kfc.dataset_types] tables of pyproject.toml and the kfc/*.cue
// files at its root. Malformed declarations are findings.
func ReadProjectTypes(root string, diags *diag.List) ([]ProjectType, []ProjectCUE) {
	types := readPyprojectTypes(root, diags)
	// A kfc folder that links out of the project is reported, not listed.
	if _, err := safefs.Stat(root, "kfc"); errors.Is(err, safefs.ErrOutside) {
		diags.Reportf(diag.Pos{File: "kfc"}, safefs.CodeOutside, "%s", safefs.Message(err))
		return types, nil
	}
	matches, _ := filepath.Glob(filepath.Join(root, "kfc", "*.cue"))
	sort.Strings(matches)
	var files []ProjectCUE
	for _, m := range matches {
		rel := "kfc/" + filepath.Base(m)
		src, err := safefs.ReadFile(root, rel)
		switch {
		case errors.Is(err, safefs.ErrOutside):
			diags.Reportf(diag.Pos{File: rel}, safefs.CodeOutside, "%s", safefs.Message(err))
			continue
		case err != nil:
			msg := "cannot read " + rel + ": " + safefs.Message(err)
			if errors.Is(err, safefs.ErrNotRegular) || errors.Is(err, safefs.ErrTooLarge) {
				msg = safefs.Message(err)
			}
			diags.Reportf(diag.Pos{File: rel}, CodeProjectTypes, "%s", msg)
			continue
		}
		files = append(files, ProjectCUE{Path: rel, Src: src})
	}
	return types, files
}

type pyprojectTypes struct {
	Tool struct {
		KFC struct {
			DatasetTypes map[string]toml.Primitive `toml:"dataset_types"`
		} `toml:"kfc"`
	} `toml:"tool"`
}

type typeDecl struct {
	Required  []string `toml:"required"`
	Optional  []string `toml:"optional"`
	Versioned bool     `toml:"versioned"`
}

func readPyprojectTypes(root string, diags *diag.List) []ProjectType {
	const file = "pyproject.toml"
	src, err := safefs.ReadFile(root, file)
	if err != nil {
		return nil // absent; an unreadable file is the config loader's finding
	}
	var doc pyprojectTypes
	md, err := toml.Decode(string(src), &doc)
	if typ := md.Type("tool", "kfc", "dataset_types"); typ != "" && typ != "Hash" && !errors.As(err, new(toml.ParseError)) {
		// The decoder drops a non-table silently.
		diags.Reportf(wordPos(string(src), "dataset_types"), CodeProjectTypes, "[tool.kfc] dataset_types must be a table of dataset types such as [tool.kfc.dataset_types.\"my_pkg.datasets.ImageDataset\"], not %s", strings.ToLower(typ))
		return nil
	}
	if err != nil {
		return nil // invalid TOML is reported by the config loader
	}
	names := make([]string, 0, len(doc.Tool.KFC.DatasetTypes))
	for n := range doc.Tool.KFC.DatasetTypes {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []ProjectType
	for _, name := range names {
		pos := declPos(string(src), name)
		var d typeDecl
		if err := md.PrimitiveDecode(doc.Tool.KFC.DatasetTypes[name], &d); err != nil {
			diags.Reportf(pos, CodeProjectTypes, "[tool.kfc.dataset_types.%q]: %v (expected required = [...], optional = [...], versioned = true|false)", name, cleanTOMLError(err))
			continue
		}
		for _, k := range md.Undecoded() {
			if len(k) == 5 && k[0] == "tool" && k[1] == "kfc" && k[2] == "dataset_types" && k[3] == name {
				diags.Reportf(pos, CodeProjectTypes, "[tool.kfc.dataset_types.%q]: unknown key %q%s; the keys are required, optional and versioned", name, k[4], didYouMean(k[4], MustLoad().Keys("#DeclaredDatasetType")))
			}
		}
		if name == "" || strings.Trim(name, ".") != name || !strings.Contains(name, ".") {
			diags.Reportf(pos, CodeProjectTypes, "[tool.kfc.dataset_types.%q]: a declared type must be a full import path such as my_pkg.datasets.ImageDataset", name)
			continue
		}
		out = append(out, ProjectType{Name: name, Required: d.Required, Optional: d.Optional, Versioned: d.Versioned, Pos: pos})
	}
	return out
}

func cleanTOMLError(err error) string {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return pe.Message
	}
	return err.Error()
}

// declPos finds the line declaring a type (BurntSushi/toml keeps no key
// positions): the first line naming it in quotes.
func declPos(src, name string) diag.Pos {
	for i, line := range strings.Split(src, "\n") {
		for _, q := range []string{`"` + name + `"`, `'` + name + `'`} {
			if c := strings.Index(line, q); c >= 0 {
				return diag.Pos{File: "pyproject.toml", Line: i + 1, Col: c + 1}
			}
		}
	}
	return diag.Pos{File: "pyproject.toml"}
}

// wordPos is where word is first written, else the file.
func wordPos(src, word string) diag.Pos {
	for i, line := range strings.Split(src, "\n") {
		if c := strings.Index(line, word); c >= 0 {
			return diag.Pos{File: "pyproject.toml", Line: i + 1, Col: c + 1}
		}
	}
	return diag.Pos{File: "pyproject.toml"}
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
