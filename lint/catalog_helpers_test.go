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

// loadFiles writes files (project-relative path -> content) into a fresh
// project folder and loads it for the default run environment.
func loadFiles(t *testing.T, files map[string]string) *config.Project {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return loadDir(t, dir)
}

func loadDir(t *testing.T, dir string) *config.Project {
	t.Helper()
	var diags diag.List
	proj, err := config.Load(config.LoadOptions{Root: dir, Getenv: func(string) (string, bool) { return "", false }}, &diags)
	if err != nil {
		t.Fatal(err)
	}
	return proj
}

// runRule runs one rule over proj (every rule, for one without a Run of
// its own) and renders its findings as kfc vet's text output does (notes
// indented). What a Run reports under other rules (a problem's code
// names its rule) is left out.
func runRule(t *testing.T, name string, proj *config.Project) []string {
	t.Helper()
	r := Lookup(name)
	if r == nil {
		t.Fatalf("rule %s is not registered", name)
	}
	var diags diag.List
	if r.Run != nil {
		r.Run(&Pass{Project: proj, Facts: NewFacts(model.New(proj)), rule: r, diags: &diags})
	} else {
		Run(model.New(proj), &diags)
	}
	var out []string
	for _, d := range diags.Items() {
		if d.Rule != name {
			continue // another rule's, by its code or by name
		}
		record([]diag.Diagnostic{d})
		out = append(out, d.String())
		for _, n := range d.Notes {
			out = append(out, "    "+n.Pos.String()+": note: "+n.Message)
		}
	}
	return out
}

// expectRule checks a rule's findings on a catalog (and optional extra
// files) against want, exactly.
func expectRule(t *testing.T, rule, catalogYAML string, extra map[string]string, want ...string) {
	t.Helper()
	files := map[string]string{"conf/base/catalog.yml": catalogYAML, "conf/local/.keep": ""}
	for k, v := range extra {
		files[k] = v
	}
	got := runRule(t, rule, loadFiles(t, files))
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\ngot:\n%s\nwant:\n%s", rule, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
