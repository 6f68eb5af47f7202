package model

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/pyproject"
	"github.com/kfc-dev/kfc/internal/safefs"
	"github.com/kfc-dev/kfc/internal/suggest"
	"github.com/kfc-dev/kfc/schema"
)

// Declarations are what a project declares to kfc beside Kedro's
// configuration: dataset types in [tool.kfc.dataset_types] and CUE files
// in kfc/ (docs/dataset-types.md). schema.AddProjectTypes compiles them.
type Declarations struct {
	Types    []schema.ProjectType
	CUE      []schema.ProjectCUE
	Problems []diag.Diagnostic // malformed declarations, unreadable files
}

// Declarations reads the project's declarations once (nothing without a
// project root).
func (m *Model) Declarations() *Declarations {
	m.declOnce.Do(func() {
		m.decl = &Declarations{}
		if m.Project == nil || m.Project.Root == "" {
			return
		}
		var diags diag.List
		m.decl.Types, m.decl.CUE = ReadDeclarations(m.Project.Root, m.Project.Pyproject, &diags)
		m.decl.Problems = diags.Items()
	})
	return m.decl
}

// ReadDeclarations reads the dataset types of pp (the project's parsed
// pyproject.toml, nil when there is none) and the kfc/*.cue files under
// root. Malformed declarations are problems in diags.
func ReadDeclarations(root string, pp *pyproject.Doc, diags *diag.List) ([]schema.ProjectType, []schema.ProjectCUE) {
	types := declaredTypes(pp, diags)
	// A kfc folder that links out of the project is reported, not listed.
	if _, err := safefs.Stat(root, "kfc"); errors.Is(err, safefs.ErrOutside) {
		diags.Reportf(diag.Pos{File: "kfc"}, safefs.CodeOutside, "%s", safefs.Message(err))
		return types, nil
	}
	matches, _ := filepath.Glob(filepath.Join(root, "kfc", "*.cue"))
	sort.Strings(matches)
	var files []schema.ProjectCUE
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
			diags.Reportf(diag.Pos{File: rel}, schema.CodeProjectTypes, "%s", msg)
			continue
		}
		files = append(files, schema.ProjectCUE{Path: rel, Src: src})
	}
	return types, files
}

type typeDecl struct {
	Required  []string `toml:"required"`
	Optional  []string `toml:"optional"`
	Versioned bool     `toml:"versioned"`
}

// declKeys are typeDecl's keys; the decoder matches them case-insensitively.
var declKeys = []string{"required", "optional", "versioned"}

func declaredTypes(pp *pyproject.Doc, diags *diag.List) []schema.ProjectType {
	if pp == nil || pp.Err != nil {
		return nil // absent; unreadable or invalid TOML is the config loader's finding
	}
	src := string(pp.Src)
	var tool struct {
		KFC struct {
			DatasetTypes map[string]toml.Primitive `toml:"dataset_types"`
		} `toml:"kfc"`
	}
	err := pp.Decode("tool", &tool)
	if typ := pp.Type("tool", "kfc", "dataset_types"); typ != "" && typ != "Hash" {
		// The decoder drops a non-table silently.
		diags.Reportf(wordPos(src, "dataset_types"), schema.CodeProjectTypes, "[tool.kfc] dataset_types must be a table of dataset types such as [tool.kfc.dataset_types.\"my_pkg.datasets.ImageDataset\"], not %s", strings.ToLower(typ))
		return nil
	}
	if err != nil {
		return nil // [tool] or [tool.kfc] of the wrong shape: the settings' finding
	}
	names := make([]string, 0, len(tool.KFC.DatasetTypes))
	for n := range tool.KFC.DatasetTypes {
		names = append(names, n)
	}
	sort.Strings(names)
	keys := pp.Keys()
	var out []schema.ProjectType
	for _, name := range names {
		pos := declPos(src, name)
		var d typeDecl
		if err := pp.DecodePrimitive(tool.KFC.DatasetTypes[name], &d); err != nil {
			diags.Reportf(pos, schema.CodeProjectTypes, "[tool.kfc.dataset_types.%q]: %v (expected required = [...], optional = [...], versioned = true|false)", name, cleanTOMLError(err))
			continue
		}
		for _, k := range keys {
			if len(k) == 5 && k[0] == "tool" && k[1] == "kfc" && k[2] == "dataset_types" && k[3] == name && !isDeclKey(k[4]) {
				diags.Reportf(pos, schema.CodeProjectTypes, "[tool.kfc.dataset_types.%q]: unknown key %q%s; the keys are required, optional and versioned", name, k[4], didYouMean(k[4], schema.MustLoad().Keys("#DeclaredDatasetType")))
			}
		}
		if name == "" || strings.Trim(name, ".") != name || !strings.Contains(name, ".") {
			diags.Reportf(pos, schema.CodeProjectTypes, "[tool.kfc.dataset_types.%q]: a declared type must be a full import path such as my_pkg.datasets.ImageDataset", name)
			continue
		}
		out = append(out, schema.ProjectType{Name: name, Required: d.Required, Optional: d.Optional, Versioned: d.Versioned, Pos: pos})
	}
	return out
}

func isDeclKey(k string) bool {
	for _, d := range declKeys {
		if strings.EqualFold(k, d) {
			return true
		}
	}
	return false
}

func didYouMean(name string, candidates []string) string {
	if c := suggest.Closest(name, candidates); c != "" {
		return fmt.Sprintf(" (did you mean %q?)", c)
	}
	return ""
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
				return diag.Pos{File: pyproject.File, Line: i + 1, Col: c + 1}
			}
		}
	}
	return diag.Pos{File: pyproject.File}
}

// wordPos is where word is first written, else the file.
func wordPos(src, word string) diag.Pos {
	for i, line := range strings.Split(src, "\n") {
		if c := strings.Index(line, word); c >= 0 {
			return diag.Pos{File: pyproject.File, Line: i + 1, Col: c + 1}
		}
	}
	return diag.Pos{File: pyproject.File}
}
