package model

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/pyproject"
)

// The declarations are read from the parsed pyproject.toml the loader
// hands on and from kfc/*.cue; a misspelt key is a positioned problem.
func TestReadDeclarations(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "kfc"), 0o755); err != nil {
		t.Fatal(err)
	}
	cue := "package kfc\n\n#Datasets: \"my_pkg.datasets.TableDataset\": {\n\t#Entry\n\ttable!: string\n}\n"
	if err := os.WriteFile(filepath.Join(root, "kfc", "types.cue"), []byte(cue), 0o644); err != nil {
		t.Fatal(err)
	}
	pp := pyproject.Parse([]byte(`
[tool.kfc.dataset_types."my_pkg.datasets.ImageDataset"]
required = ["filepath"]
optional = ["save_args"]
versioned = true

[tool.kfc.dataset_types."my_pkg.datasets.Bad"]
requird = ["x"]
Optional = ["y"]

[tool.kfc.dataset_types.nodots]
`))
	var diags diag.List
	types, files := ReadDeclarations(root, pp, &diags)
	var names []string
	for _, ty := range types {
		names = append(names, ty.Name)
	}
	if got := strings.Join(names, ","); got != "my_pkg.datasets.Bad,my_pkg.datasets.ImageDataset" {
		t.Errorf("types = %s", got)
	}
	if img := types[1]; !img.Versioned || strings.Join(img.Required, ",") != "filepath" || img.Pos.Line != 2 {
		t.Errorf("ImageDataset = %+v", img)
	}
	if bad := types[0]; strings.Join(bad.Optional, ",") != "y" {
		t.Errorf("Bad = %+v: the decoder matches keys case-insensitively", bad)
	}
	if len(files) != 1 || files[0].Path != "kfc/types.cue" || string(files[0].Src) != cue {
		t.Errorf("files = %+v", files)
	}
	var msgs []string
	for _, d := range diags.Items() {
		msgs = append(msgs, d.String())
	}
	want := `pyproject.toml: [tool.kfc.dataset_types."nodots"]: a declared type must be a full import path such as my_pkg.datasets.ImageDataset [schema.ProjectTypes]` + "\n" +
		`pyproject.toml:7:25: [tool.kfc.dataset_types."my_pkg.datasets.Bad"]: unknown key "requird" (did you mean "required"?); the keys are required, optional and versioned [schema.ProjectTypes]`
	if got := strings.Join(msgs, "\n"); got != want {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}
}

// Without a pyproject.toml, or with one that does not parse (the loader's
// finding), there are no declared types and no problems.
func TestReadDeclarationsNoPyproject(t *testing.T) {
	for _, pp := range []*pyproject.Doc{nil, pyproject.Parse([]byte("[tool.kfc\n"))} {
		var diags diag.List
		types, files := ReadDeclarations(t.TempDir(), pp, &diags)
		if len(types)+len(files)+diags.Len() != 0 {
			t.Errorf("got %v %v %v", types, files, diags.Items())
		}
	}
}
