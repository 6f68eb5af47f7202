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

// vetProject writes files into a fresh project, loads it with the real
// loader, runs every rule and returns the findings of the pipeline rules as
// "path:line:col: severity: message [rule]".
func vetProject(t *testing.T, files map[string]string) []string {
	t.Helper()
	root := t.TempDir()
	for path, src := range files {
		abs := filepath.Join(root, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(abs, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(root, "conf", "local"), 0o755); err != nil {
		t.Fatal(err)
	}
	return vetRoot(t, root, "")
}

// vetRoot loads the project at root for env and lints it.
func vetRoot(t *testing.T, root, env string) []string {
	t.Helper()
	var diags diag.List
	proj, err := config.Load(config.LoadOptions{Root: root, Env: env, Getenv: func(string) (string, bool) { return "", false }}, &diags)
	if err != nil {
		t.Fatal(err)
	}
	Run(model.New(proj), &diags)
	out := []string{}
	for _, d := range diags.Items() {
		if strings.HasPrefix(d.Rule, "pipeline-") {
			record([]diag.Diagnostic{d})
			out = append(out, d.String())
		}
	}
	return out
}

func equalLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\ngot:\n  %s\nwant:\n  %s", what, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}
