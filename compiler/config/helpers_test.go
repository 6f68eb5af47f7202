package config

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// writeProject writes files (project-relative path -> content) into a
// fresh temporary folder and returns it.
func writeProject(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if strings.HasSuffix(name, "/") { // a folder only
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// noEnv is a Getenv that sees no variables, so tests do not depend on
// the machine's KEDRO_ENV.
func noEnv(string) (string, bool) { return "", false }

func envOf(vars map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
}

// load runs Load over a temporary project and fails on a returned error.
func load(t testing.TB, files map[string]string, opts LoadOptions) (*Project, []diag.Diagnostic) {
	t.Helper()
	opts.Root = writeProject(t, files)
	if opts.Getenv == nil {
		opts.Getenv = noEnv
	}
	var diags diag.List
	p, err := Load(opts, &diags)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return p, diags.Items()
}

// findings renders diagnostics one a line as "pos: severity: message [rule]".
func findings(ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String())
		for _, n := range d.Notes {
			b.WriteString("\n    note: " + n.Pos.String() + ": " + n.Message)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func rulesOf(ds []diag.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, string(d.Code))
	}
	sort.Strings(out)
	return out
}

func wantNoFindings(t *testing.T, ds []diag.Diagnostic) {
	t.Helper()
	if len(ds) > 0 {
		t.Errorf("unexpected findings:\n%s", findings(ds))
	}
}

// wantFindings compares the rendered findings with want (one a line).
func wantFindings(t *testing.T, ds []diag.Diagnostic, want ...string) {
	t.Helper()
	got := strings.TrimSpace(findings(ds))
	w := strings.TrimSpace(strings.Join(want, "\n"))
	if got != w {
		t.Errorf("findings:\n got:\n%s\nwant:\n%s", got, w)
	}
}

// compact renders a config as one-line JSON for comparisons.
func compact(n *tree.Node) string {
	if n == nil {
		return "<nil>"
	}
	return string(n.JSON(""))
}

// requireInterp skips tests that need interpolation while package interp
// is not wired in.
func requireInterp(t *testing.T) {
	t.Helper()
	if !interpWired {
		t.Skip("compiler/interp is not wired in yet")
	}
}
