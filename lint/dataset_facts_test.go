package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
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
	Run(proj, &diags)
	out := []string{}
	for _, d := range diags.Items() {
		if d.Rule == rule {
			out = append(out, d.String())
		}
	}
	return out
}

func TestDatasetFindingsSplitByRule(t *testing.T) {
	got := vetRule(t, "kfc-settings", map[string]string{
		"pyproject.toml":        "[tool.kfc.dataset_types.\"my_pkg.X\"]\nrequird = [\"a\"]\n",
		"conf/base/catalog.yml": "a:\n  type: my_pkg.X\n",
	})
	want := `pyproject.toml:1:25: error: [tool.kfc.dataset_types."my_pkg.X"]: unknown key "requird" (did you mean "required"?); the keys are required, optional and versioned [kfc-settings]`
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
