package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/model"
)

// vetRule writes a project, runs every rule and returns the findings of
// one rule (info included).
func vetRule(t *testing.T, rule string, files map[string]string) []string {
	t.Helper()
	root := t.TempDir()
	writeProject(t, root, files)
	var diags diag.List
	proj, err := config.Load(config.LoadOptions{Root: root, Getenv: func(string) (string, bool) { return "", false }}, &diags)
	if err != nil {
		t.Fatal(err)
	}
	Run(model.New(proj), &diags)
	out := []string{}
	for _, d := range diags.Items() {
		if d.Rule == rule {
			record([]diag.Diagnostic{d})
			out = append(out, d.String())
		}
	}
	return out
}

func TestDatasetFindingsSplitByRule(t *testing.T) {
	got := vetRule(t, "kfc-project-types", map[string]string{
		"pyproject.toml":        "[tool.kfc.dataset_types.\"my_pkg.X\"]\nrequird = [\"a\"]\n",
		"conf/base/catalog.yml": "a:\n  type: my_pkg.X\n",
	})
	want := `pyproject.toml:1:25: error: [tool.kfc.dataset_types."my_pkg.X"]: unknown key "requird" (did you mean "required"?); the keys are required, optional and versioned [kfc-project-types]`
	if strings.Join(got, "\n") != want {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}

func writeProject(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for path, src := range files {
		abs := filepath.Join(root, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(abs, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Legacy spellings are reported once, by the catalog-legacy-* rules, and
// the entry is still checked as if they were fixed.
func TestDatasetChecksSkipLegacyFindings(t *testing.T) {
	files := map[string]string{"conf/base/catalog.yml": `
m:
  type: kedro_mlflow.io.artifacts.MlflowArtifactDataset
  data_set:
    type: pandas.CSVDataSet
    filepath: a.csv
p:
  type: kedro_mlflow.io.artifacts.MlflowArtifactDataset
  data_set:
    type: pandas.CSVDataset
    filepth: a.csv
`}
	if got := vetRule(t, "dataset-unknown-type", files); len(got) > 0 {
		t.Errorf("dataset-unknown-type: %v", got)
	}
	equalLines(t, "missing", vetRule(t, "dataset-missing-argument", files), []string{
		`conf/base/catalog.yml:10:11: error: pandas.CSVDataset requires argument "filepath" [dataset-missing-argument]`,
	})
	got := vetRule(t, "dataset-unknown-argument", files)
	equalLines(t, "findings", got, []string{
		`conf/base/catalog.yml:11:5: error: pandas.CSVDataset does not take argument "filepth" (did you mean "filepath"?) [dataset-unknown-argument]`,
	})
}
