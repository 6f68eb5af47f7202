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

const outsideCanary = "CANARY-0utside-f1le"

// vetOutside writes files (and symlinks: a value starting with "->" is a
// link target, "$OUT" standing for a folder outside the project holding
// secret.yml and a conf/ of its own) into a project, loads and lints it,
// and returns every finding of every rule.
func vetOutside(t *testing.T, files map[string]string) []diag.Diagnostic {
	t.Helper()
	out := t.TempDir()
	secret := "python: " + outsideCanary + "\ntoken: " + outsideCanary + "\n"
	for name, content := range map[string]string{"secret.yml": secret, "secret.cue": "package kfc\n// " + outsideCanary + "\n", "conf/base/catalog.yml": outsideCanary + ": {type: MemoryDataset}\n"} {
		p := filepath.Join(out, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dir := filepath.Join(t.TempDir(), "proj")
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		content = strings.ReplaceAll(content, "$OUT", out)
		if target, ok := strings.CutPrefix(content, "->"); ok {
			if err := os.Symlink(target, p); err != nil {
				t.Skipf("cannot symlink: %v", err)
			}
			continue
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var diags diag.List
	proj, err := config.Load(config.LoadOptions{Root: dir, Getenv: func(string) (string, bool) { return "", false }}, &diags)
	if err != nil {
		t.Fatal(err)
	}
	Run(model.New(proj), &diags)
	LoadSettings(proj.Root, proj.Pyproject, &diags)
	items := diags.Items()
	record(items)
	for _, d := range items {
		if strings.Contains(d.String(), outsideCanary) || strings.Contains(d.String(), "root:x:0") {
			t.Errorf("a finding quotes a file outside the project: %s", d)
		}
	}
	return items
}

func outsideFindings(items []diag.Diagnostic) string {
	var out []string
	for _, d := range items {
		if d.Rule == "path-outside-project" {
			out = append(out, d.String())
		}
	}
	return strings.Join(out, "\n")
}

func TestPathOutsideProject(t *testing.T) {
	const ml = "name: m\n%s\nentry_points:\n  main: {command: run}\n"
	for _, c := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"python_env climbing out", map[string]string{"MLproject": strings.Replace(ml, "%s", "python_env: ../../../../../../../../etc/passwd", 1)},
			"MLproject:2:13: error: python_env file ../../../../../../../../etc/passwd leads outside the project folder; kfc reads nothing outside it [path-outside-project]"},
		{"python_env a link out", map[string]string{"MLproject": strings.Replace(ml, "%s", "python_env: env/python_env.yaml", 1), "env/python_env.yaml": "->$OUT/secret.yml"},
			"MLproject:2:13: error: python_env file env/python_env.yaml leads outside the project folder; kfc reads nothing outside it [path-outside-project]"},
		{"default python_env.yaml a link out", map[string]string{"MLproject": strings.Replace(ml, "%s", "", 1), "python_env.yaml": "->$OUT/secret.yml"},
			"python_env.yaml: error: python_env file python_env.yaml leads outside the project folder; kfc reads nothing outside it [path-outside-project]"},
		{"MLproject a link out", map[string]string{"MLproject": "->$OUT/secret.yml", "conf/base/": "", "conf/local/": ""},
			"MLproject: error: MLproject leads outside the project folder; kfc reads nothing outside it [path-outside-project]"},
		{"pyproject.toml a link out", map[string]string{"pyproject.toml": "->$OUT/secret.yml", "conf/base/": "", "conf/local/": ""},
			"pyproject.toml: error: pyproject.toml leads outside the project folder; kfc reads nothing outside it [path-outside-project]"},
		{"source_dir climbing out", map[string]string{"pyproject.toml": "[tool.kedro]\nsource_dir = \"../..\"\npackage_name = \"x\"\n", "conf/base/": "", "conf/local/": ""},
			"pyproject.toml: error: [tool.kedro] source_dir ../.. leads outside the project folder; kfc reads nothing outside it and uses Kedro's default settings [path-outside-project]"},
		{"settings.py a link out", map[string]string{"src/pkg/settings.py": "->$OUT/secret.yml", "conf/base/": "", "conf/local/": ""},
			"src/pkg/settings.py: error: src/pkg/settings.py leads outside the project folder; kfc reads nothing outside it [path-outside-project]"},
		{"kfc/*.cue a link out", map[string]string{"kfc/types.cue": "->$OUT/secret.cue", "conf/base/catalog.yml": "a: {type: MemoryDataset}\n", "conf/local/": ""},
			"kfc/types.cue: error: kfc/types.cue leads outside the project folder; kfc reads nothing outside it [path-outside-project]"},
		{"src a link out", map[string]string{"src": "->$OUT", "conf/base/": "", "conf/local/": ""},
			"src: error: src leads outside the project folder; kfc reads nothing outside it [path-outside-project]"},
		{"kfc folder a link out", map[string]string{"kfc": "->$OUT", "conf/base/catalog.yml": "a: {type: MemoryDataset}\n", "conf/local/": ""},
			"kfc: error: kfc leads outside the project folder; kfc reads nothing outside it [path-outside-project]"},
		{".kfc.yaml a link out", map[string]string{".kfc.yaml": "->$OUT/secret.yml", "conf/base/": "", "conf/local/": ""},
			".kfc.yaml: error: .kfc.yaml leads outside the project folder; kfc reads nothing outside it; its settings are not applied [path-outside-project]"},
		{"conf/local a link out", map[string]string{"conf/base/": "", "conf/local": "->$OUT/conf/base"},
			"conf/local: error: conf/local is a symbolic link that leads outside the project folder; kfc does not follow it, so what it points to is not checked [path-outside-project]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			items := vetOutside(t, c.files)
			got := outsideFindings(items)
			if got != c.want {
				for _, d := range items {
					t.Log(d)
				}
				t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}

// A project whose named files are all inside (links included) has no
// such finding.
func TestPathInsideProject(t *testing.T) {
	items := vetOutside(t, map[string]string{
		"MLproject":             "name: m\npython_env: env/link.yaml\nentry_points:\n  main: {command: run}\n",
		"env/python_env.yaml":   "python: \"3.11\"\ndependencies: [pandas]\n",
		"env/link.yaml":         "->python_env.yaml",
		"conf/base/catalog.yml": "a: {type: MemoryDataset}\n",
		"conf/local/":           "",
	})
	if got := outsideFindings(items); got != "" {
		t.Errorf("unexpected: %s", got)
	}
}
