package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/schema"
)

// TestSettingsKeysAreTheSchemas enumerates the keys schema/settings.cue
// declares for [tool.kfc] and .kfc.yaml and holds each to a reader that
// acts on it: given a value of a kind the schema refuses, kfc vet reports
// that key by name (not as unknown). A key the schema does not declare is
// reported as unknown, at any depth. So a key added to one side only, the
// CUE or a reader, fails here.
func TestSettingsKeysAreTheSchemas(t *testing.T) {
	s := schema.MustLoad()
	type probe struct{ file, src, key string }
	var probes []probe
	for _, k := range s.Keys("#ToolKfc") {
		probes = append(probes, probe{"pyproject.toml", fmt.Sprintf("[tool.kfc]\n%s = 12345\n", k), k})
	}
	for _, k := range s.Keys("#TrackingSettings") {
		probes = append(probes, probe{"pyproject.toml", fmt.Sprintf("[tool.kfc.tracking]\n%s = 12345\n", k), k})
		probes = append(probes, probe{".kfc.yaml", fmt.Sprintf("tracking:\n  %s: 12345\n", k), k})
	}
	for _, k := range s.Keys("#KfcYAML") {
		probes = append(probes, probe{".kfc.yaml", fmt.Sprintf("%s: 12345\n", k), k})
	}
	for _, k := range s.Keys("#PathSetting") {
		probes = append(probes, probe{"pyproject.toml", fmt.Sprintf("[[tool.kfc.paths]]\n%s = 12345\n", k), k})
		item := "path: conf/**\n    " + k + ": {}" // the other keys beside a valid path
		if k == "path" {
			item = "path: {}"
		}
		probes = append(probes, probe{".kfc.yaml", "paths:\n  - " + item + "\n", k})
	}
	for _, k := range s.Keys("#DeclaredDatasetType") {
		probes = append(probes, probe{"pyproject.toml", fmt.Sprintf("[tool.kfc.dataset_types.\"a.b.C\"]\n%s = 12345\n", k), k})
	}
	if len(probes) < 15 {
		t.Fatalf("only %d keys in schema/settings.cue", len(probes))
	}
	for _, p := range probes {
		out := vetSettings(t, p.file, p.src)
		if !strings.Contains(out, p.key) || strings.Contains(out, "unknown key") {
			t.Errorf("%s %q: vet reports no finding naming %s:\n%s", p.file, p.src, p.key, out)
		}
	}
	for _, u := range []probe{
		{"pyproject.toml", "[tool.kfc]\nrulez = {}\n", `unknown key "rulez" in [tool.kfc] (did you mean "rules"?)`},
		{"pyproject.toml", "[tool.kfc.tracking]\nnode_run = true\n", `unknown key "node_run" in [tool.kfc.tracking] (did you mean "node_runs"?)`},
		{"pyproject.toml", "[[tool.kfc.paths]]\npath = \"conf/**\"\nignroe = []\n", `unknown key "ignroe" in [tool.kfc.paths] (did you mean "ignore"?)`},
		{"pyproject.toml", "[tool.kfc.dataset_types.\"a.b.C\"]\nversion = true\n", `unknown key "version" (did you mean "versioned"?)`},
		{".kfc.yaml", "rulez: {}\n", `unknown key "rulez" in .kfc.yaml`},
		{".kfc.yaml", "paths:\n  - path: conf/**\n    ignroe: []\n", `unknown key "ignroe" in .kfc.yaml paths item (did you mean ignore?)`},
	} {
		if out := vetSettings(t, u.file, u.src); !strings.Contains(out, u.key) {
			t.Errorf("%s %q: want %s, got:\n%s", u.file, u.src, u.key, out)
		}
	}
}

// vetSettings vets a one-dataset project with the given settings file.
func vetSettings(t *testing.T, file, src string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"conf/base/catalog.yml": "a:\n  type: pandas.CSVDataset\n  filepath: data/a.csv\n",
		"conf/local/.keep":      "",
		file:                    src,
	}
	if file != "pyproject.toml" {
		files["pyproject.toml"] = "[tool.kedro]\npackage_name = \"p\"\nproject_name = \"p\"\n"
	}
	for rel, body := range files {
		full := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	stdout, stderr, _ := runKfc(t, "vet", dir)
	return stdout + stderr
}
