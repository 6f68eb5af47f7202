package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
)

// Settings of the wrong shape must be reported, not silently dropped: the
// user would believe a rule is off or a path ignored when it is not.
func TestLoadSettingsWrongShape(t *testing.T) {
	for _, tc := range []struct {
		file, src, want string
	}{
		{"pyproject.toml", "[tool.kfc]\npaths = \"conf/**\"\n", "pyproject.toml:2:1: [tool.kfc] rules and paths are not applied"},
		{"pyproject.toml", "[[tool.kfc.paths]]\npath = \"conf/**\"\nignore = \"catalog-path-escapes\"\n", "pyproject.toml:3:1: [tool.kfc] rules and paths are not applied"},
		{"pyproject.toml", "[tool.kfc]\nrules = 5\n", "pyproject.toml:2:1: [tool.kfc] rules and paths are not applied: tool.kfc.rules is integer, not a table"},
		// No Go type names in the message.
		{"pyproject.toml", "[tool]\nkfc = 5\n", "pyproject.toml:2:1: [tool.kfc] rules and paths are not applied: tool.kfc is integer, not a table ("},
		{".kfc.yaml", "rules: [catalog-path-escapes]\n", ".kfc.yaml:1:8: .kfc.yaml rules must be a mapping"},
		{".kfc.yaml", "paths: {path: conf}\n", ".kfc.yaml:1:8: .kfc.yaml paths must be a list"},
		{".kfc.yaml", "paths:\n  - path: conf/**\n    ignore: catalog-path-escapes\n", ".kfc.yaml:3:13: .kfc.yaml paths: ignore must be a list"},
		// An item without a path, or not a mapping, panicked (a nil path).
		{".kfc.yaml", "paths:\n  - ignore: ['*']\n", ".kfc.yaml:2:5: .kfc.yaml paths: path must be a glob"},
		{".kfc.yaml", "paths:\n  - 5\n", ".kfc.yaml:2:5: .kfc.yaml paths: each item must be a mapping"},
		{".kfc.yaml", "paths:\n  - path: conf/**\n    ignroe: ['*']\n", `.kfc.yaml:3:5: unknown key "ignroe" in .kfc.yaml paths item (did you mean ignore?)`},
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, tc.file), []byte(tc.src), 0o644); err != nil {
			t.Fatal(err)
		}
		var diags diag.List
		LoadSettings(dir, testPyproject(dir), &diags)
		var got []string
		record(diags.Items())
		for _, d := range diags.Items() {
			got = append(got, d.Pos.String()+": "+d.Message+" ["+d.Rule+"]")
		}
		joined := strings.Join(got, "\n")
		if len(got) != 1 || !strings.Contains(joined, tc.want) || !strings.Contains(joined, "["+RuleSettings+"]") {
			t.Errorf("%s %q:\ngot  %s\nwant one kfc-settings finding containing %q", tc.file, tc.src, joined, tc.want)
		}
	}
}

// Well-formed settings, inline tables included, load without findings.
func TestLoadSettingsWellFormed(t *testing.T) {
	for _, tc := range []struct{ file, src string }{
		{"pyproject.toml", "[tool.kfc]\nrules = {catalog-path-escapes = \"off\"}\n"},
		{"pyproject.toml", "[tool.kfc.rules]\ncatalog-path-escapes = \"off\"\n[[tool.kfc.paths]]\npath = \"conf/**\"\nignore = [\"catalog-windows-path\"]\n"},
		{".kfc.yaml", "rules:\npaths:\n"},
		{".kfc.yaml", "rules: {catalog-path-escapes: off}\npaths:\n  - path: conf/**\n    ignore: [catalog-windows-path]\n"},
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, tc.file), []byte(tc.src), 0o644); err != nil {
			t.Fatal(err)
		}
		var diags diag.List
		s := LoadSettings(dir, testPyproject(dir), &diags)
		if items := diags.Items(); len(items) != 0 {
			t.Errorf("%s %q: unexpected findings %v", tc.file, tc.src, items)
		}
		if strings.Contains(tc.src, "catalog-path-escapes") && s.Levels["catalog-path-escapes"] != "off" {
			t.Errorf("%s %q: levels %v", tc.file, tc.src, s.Levels)
		}
	}
}

func TestLoadSettingsNodeRuns(t *testing.T) {
	for _, tc := range []struct {
		file, src string
		want      bool
		finding   string
	}{
		{"pyproject.toml", "[tool.kfc]\ntracking.node_runs = true\n", true, ""},
		{"pyproject.toml", "[tool.kfc.tracking]\nnode_runs = false\n", false, ""},
		{"pyproject.toml", "[project]\nname = \"x\"\n", false, ""},
		{".kfc.yaml", "tracking:\n  node_runs: true\n", true, ""},
		{"pyproject.toml", "[tool.kfc]\ntracking.node_runs = \"yes\"\n", false, "tool.kfc.tracking.node_runs is string, not true or false"},
		{".kfc.yaml", "tracking:\n  node_runs: yes please\n", false, "tracking.node_runs must be true or false"},
		{".kfc.yaml", "tracking:\n  nodes: true\n", false, `unknown key "nodes" in .kfc.yaml tracking`},
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, tc.file), []byte(tc.src), 0o644); err != nil {
			t.Fatal(err)
		}
		var diags diag.List
		s := LoadSettings(dir, testPyproject(dir), &diags)
		var got []string
		for _, d := range diags.Items() {
			got = append(got, d.Message)
		}
		joined := strings.Join(got, "\n")
		if s.NodeRuns != tc.want || (tc.finding == "") != (joined == "") || !strings.Contains(joined, tc.finding) {
			t.Errorf("%s %q: node runs %v, findings %q; want %v, %q", tc.file, tc.src, s.NodeRuns, joined, tc.want, tc.finding)
		}
	}
}
