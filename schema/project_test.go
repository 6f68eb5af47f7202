package schema

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
)

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, src := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestProjectTypes(t *testing.T) {
	root := writeFiles(t, map[string]string{
		"pyproject.toml": `
[tool.kfc.dataset_types."my_pkg.datasets.ImageDataset"]
required = ["filepath"]
optional = ["save_args"]
versioned = true

[tool.kfc.dataset_types."my_pkg.datasets.Bad"]
requird = ["x"]
`,
		"kfc/types.cue": `package kfc

#Datasets: "my_pkg.datasets.TableDataset": {
	#Entry
	table!: string
	mode?:  "append" | "overwrite"
}
`,
	})
	var diags diag.List
	types, files := ReadProjectTypes(root, &diags)
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
	var msgs []string
	for _, d := range diags.Items() {
		msgs = append(msgs, d.String())
	}
	wantDiags := `pyproject.toml:7:25: [tool.kfc.dataset_types."my_pkg.datasets.Bad"]: unknown key "requird" (did you mean "required"?); the keys are required, optional and versioned [schema.ProjectTypes]`
	if strings.Join(msgs, "\n") != wantDiags {
		t.Errorf("declaration findings:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), wantDiags)
	}
}

func TestProjectCUEErrorIsPositioned(t *testing.T) {
	root := writeFiles(t, map[string]string{"kfc/bad.cue": "package kfc\n\n#Datasets: \"x.Y\": {\n\t#Entry\n\ta!: string &\n}\n"})
	var diags diag.List
	types, files := ReadProjectTypes(root, &diags)
	s := mustLoad(t).AddProjectTypes(types, files, &diags)
	if s != mustLoad(t) {
		t.Error("a broken declaration must leave the embedded schemas in use")
	}
	items := diags.Items()
	if len(items) == 0 || items[0].Pos.File != "kfc/bad.cue" || items[0].Pos.Line == 0 {
		t.Errorf("findings: %v", items)
	}
}
