package schema

import (
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
)

// The declarations as compiler/model reads them (its tests cover the
// reading): a pyproject.toml type and a kfc/*.cue file.
func TestProjectTypes(t *testing.T) {
	types := []ProjectType{{Name: "my_pkg.datasets.ImageDataset", Required: []string{"filepath"}, Optional: []string{"save_args"}, Versioned: true,
		Pos: diag.Pos{File: "pyproject.toml", Line: 2, Col: 25}}}
	files := []ProjectCUE{{Path: "kfc/types.cue", Src: []byte(`package kfc

#Datasets: "my_pkg.datasets.TableDataset": {
	#Entry
	table!: string
	mode?:  "append" | "overwrite"
}
`)}}
	var diags diag.List
	s := mustLoad(t).AddProjectTypes(types, files, &diags)
	dt, ok := s.DatasetType("my_pkg.datasets.ImageDataset")
	if !ok || !dt.Versionable || strings.Join(dt.Required, ",") != "filepath" || strings.Join(dt.Optional, ",") != "save_args" {
		t.Errorf("ImageDataset = %+v, %v", dt, ok)
	}
	if _, ok := mustLoad(t).DatasetType("my_pkg.datasets.ImageDataset"); ok {
		t.Error("AddProjectTypes changed the shared schemas")
	}
	got := checkCatalog(t, s, `
img:
  type: my_pkg.datasets.ImageDataset
  filepath: a.png
  versioned: true
  load_args: {}
tbl:
  type: my_pkg.datasets.TableDataset
  mode: upsert
`)
	want := []string{
		`catalog.yml:6:3: my_pkg.datasets.ImageDataset does not take argument "load_args" (did you mean "save_args"?) [schema.UnknownArgument]`,
		`catalog.yml:8:9: my_pkg.datasets.TableDataset requires argument "table" [schema.MissingArgument]`,
		`catalog.yml:9:9: my_pkg.datasets.TableDataset argument mode: expected one of "append", "overwrite"; got "upsert" [schema.ArgumentType]`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if diags.Len() > 0 {
		t.Errorf("declaration findings: %v", diags.Items())
	}
}

func TestProjectCUEErrorIsPositioned(t *testing.T) {
	files := []ProjectCUE{{Path: "kfc/bad.cue", Src: []byte("package kfc\n\n#Datasets: \"x.Y\": {\n\t#Entry\n\ta!: string &\n}\n")}}
	var diags diag.List
	s := mustLoad(t).AddProjectTypes(nil, files, &diags)
	if s != mustLoad(t) {
		t.Error("a broken declaration must leave the embedded schemas in use")
	}
	items := diags.Items()
	if len(items) == 0 || items[0].Pos.File != "kfc/bad.cue" || items[0].Pos.Line == 0 {
		t.Errorf("findings: %v", items)
	}
}
