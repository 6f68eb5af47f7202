package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestExecKedroWithRealKedro runs the imported test project with kfc exec
// and a real Kedro: every kedro: node is one Python process (counted by a
// wrapper interpreter), outputs land where the catalog says, a no-op rerun
// of a fully persisted pipeline starts no Python, editing a node's file
// reruns exactly that file's nodes with "function source changed", and a
// failing function fails its node with the traceback in the node's log.
func TestExecKedroWithRealKedro(t *testing.T) {
	path := os.Getenv("KFC_KEDRO_PYTHONPATH")
	if path == "" {
		t.Skip("needs Kedro: set KFC_KEDRO_PYTHONPATH to checkouts of kedro and kedro-datasets (docs/kedro.md#tests)")
	}
	python := os.Getenv("KFC_PYTHON")
	if python == "" {
		python = "python3"
	}
	dir := copyKedroProject(t)
	if err := exec.Command("cp", "-r", filepath.Join(kedroProject, "data"), dir).Run(); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"02_intermediate", "03_primary", "06_models", "08_reporting"} {
		os.RemoveAll(filepath.Join(dir, "data", d))
	}
	starts := filepath.Join(t.TempDir(), "starts")
	wrapper := filepath.Join(t.TempDir(), "python")
	script := "#!/bin/sh\necho started >>" + starts + "\nexec " + python + " \"$@\"\n"
	if err := os.WriteFile(wrapper, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PYTHONPATH", path)
	t.Setenv("KFC_PYTHON", wrapper)
	count := func() int {
		b, _ := os.ReadFile(starts)
		os.Remove(starts)
		return strings.Count(string(b), "started")
	}
	if out, errOut, code := runKfc(t, "import", "kedro", dir, "--snapshot", recordedSnapshot(t)); code != 0 {
		t.Fatalf("import: %d\n%s%s", code, out, errOut)
	}
	out, errOut, code := runKfc(t, "exec", dir, "-j", "2", "--no-tracking")
	if code != 0 {
		t.Fatalf("exec: code %d\n%s%s", code, out, errOut)
	}
	if n := count(); n != 12 {
		t.Errorf("want 12 Python processes, one per node, got %d", n)
	}
	for _, f := range []string{"data/08_reporting/metrics.json", "data/08_reporting/model_summary.json", "data/08_reporting/capacity_by_type.csv", "data/03_primary/model_input_table.csv"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("output %s: %v", f, err)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "data/06_models/regressor.pickle/*/regressor.pickle")); len(m) != 1 {
		t.Errorf("versioned regressor: %v", m)
	}

	// data_processing persists everything: a rerun starts no Python.
	if out, errOut, code := runKfc(t, "exec", dir, "-j", "2", "--no-tracking", "--pipeline", "data_processing"); code != 0 {
		t.Fatalf("rerun: code %d\n%s%s", code, out, errOut)
	}
	if n := count(); n != 0 {
		t.Errorf("no-op rerun started %d Python processes", n)
	}

	// Editing data_processing/nodes.py reruns its three nodes.
	nodes := filepath.Join(dir, "src/spaceflights/pipelines/data_processing/nodes.py")
	b, _ := os.ReadFile(nodes)
	os.WriteFile(nodes, append(b, "\n# edited\n"...), 0o644)
	if out, errOut, code = runKfc(t, "exec", dir, "-j", "2", "--no-tracking", "--pipeline", "data_processing", "--explain"); code != 0 {
		t.Fatalf("after edit: code %d\n%s%s", code, out, errOut)
	}
	if strings.Count(out+errOut, "explain: ") != 3 || strings.Count(out+errOut, ": runs: function source changed") != 3 {
		t.Errorf("want 3 nodes rerun for function source changed:\n%s%s", out, errOut)
	}
	if n := count(); n != 3 {
		t.Errorf("after the edit: %d Python processes, want 3", n)
	}

	// A failing function: the node fails, the traceback is in its log.
	os.WriteFile(nodes, []byte(strings.Replace(string(b), "def preprocess_companies(companies: pd.DataFrame) -> pd.DataFrame:\n", "def preprocess_companies(companies: pd.DataFrame) -> pd.DataFrame:\n    raise ValueError(\"broken on purpose\")\n", 1)), 0o644)
	out, errOut, code = runKfc(t, "exec", dir, "-j", "2", "--no-tracking", "--pipeline", "data_processing")
	if code != 1 {
		t.Fatalf("failing node: code %d\n%s%s", code, out, errOut)
	}
	logs, _ := filepath.Glob(filepath.Join(dir, ".kfc/runs/*/logs/preprocess_companies_node.log"))
	found := false
	for _, l := range logs {
		b, _ := os.ReadFile(l)
		if strings.Contains(string(b), "Traceback") && strings.Contains(string(b), "ValueError: broken on purpose") {
			found = true
		}
	}
	if !found {
		t.Errorf("no log with the traceback among %v\n%s%s", logs, out, errOut)
	}
}
