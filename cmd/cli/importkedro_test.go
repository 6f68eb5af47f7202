package cli

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const kedroProject = "../../testdata/projects/kedro-spaceflights"

// copyKedroProject copies the spaceflights-shaped Kedro project, without
// its data and its committed pipelines file, into a temporary folder.
func copyKedroProject(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(kedroProject, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(kedroProject, path)
		if d.IsDir() {
			if d.Name() == "__pycache__" || rel == "data" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if filepath.ToSlash(rel) == "conf/base/pipelines.yml" {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func recordedSnapshot(t *testing.T) string {
	abs, err := filepath.Abs("../../compiler/kedroimport/testdata/spaceflights.json")
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// TestImportKedroFromSnapshot: import, --check, vet and build on the
// recorded snapshot of the test project, the committed file is what
// import writes, and editing a node's Python file changes the hash of
// that file's nodes only.
func TestImportKedroFromSnapshot(t *testing.T) {
	dir := copyKedroProject(t)
	snap := recordedSnapshot(t)
	out, errOut, code := runKfc(t, "import", "kedro", dir, "--snapshot", snap)
	if code != 0 || !strings.Contains(out, "4 pipelines, 12 nodes") {
		t.Fatalf("import: code %d\n%s%s", code, out, errOut)
	}
	written, _ := os.ReadFile(filepath.Join(dir, "conf/base/pipelines.yml"))
	committed, _ := os.ReadFile(filepath.Join(kedroProject, "conf/base/pipelines.yml"))
	if string(written) != string(committed) {
		t.Errorf("the committed %s/conf/base/pipelines.yml is not what kfc import kedro writes: run it again", kedroProject)
	}
	if out, errOut, code := runKfc(t, "import", "kedro", dir, "--snapshot", snap, "--check"); code != 0 {
		t.Fatalf("--check on a fresh import: code %d\n%s%s", code, out, errOut)
	}
	if out, errOut, code := runKfc(t, "vet", dir); code != 0 {
		t.Fatalf("vet: code %d\n%s%s", code, out, errOut)
	}
	before := buildHashes(t, dir, filepath.Join(dir, "before.json"))
	nodes := filepath.Join(dir, "src/spaceflights/pipelines/data_science/nodes.py")
	b, _ := os.ReadFile(nodes)
	if err := os.WriteFile(nodes, append(b, "\n# edited\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	after := buildHashes(t, dir, filepath.Join(dir, "after.json"))
	out, _, _ = runKfc(t, "plan", "diff", filepath.Join(dir, "before.json"), filepath.Join(dir, "after.json"))
	if !strings.Contains(out, "~ node.train_model_node\n      function source: ") || strings.Contains(out, "node.preprocess_companies_node") {
		t.Errorf("plan diff after editing nodes.py:\n%s", out)
	}
	for name, h := range before {
		changed := after[name] != h
		want := strings.Contains(name, "split_data") || strings.Contains(name, "train_model") || strings.Contains(name, "evaluate_model")
		if changed != want {
			t.Errorf("node %s: hash changed %v, want %v", name, changed, want)
		}
	}

	// The file drifts from the Python code: --check says where, exit 1.
	path := filepath.Join(dir, "conf/base/pipelines.yml")
	edited := strings.Replace(string(written), "inputs: [X_train, y_train]", "inputs: [X_train]", 1)
	if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = runKfc(t, "import", "kedro", dir, "--snapshot", snap, "--check")
	if code != 1 || !strings.Contains(out, `pipeline "data_science": node "train_model_node" inputs: file ["X_train"], Kedro ["X_train","y_train"]`) ||
		!strings.Contains(errOut, "no longer matches the Python pipelines") {
		t.Errorf("--check after an edit: code %d\n%s%s", code, out, errOut)
	}
	if _, errOut, code := runKfc(t, "import", "kedro", dir, "--snapshot", filepath.Join(dir, "nope.json")); code != 2 || !strings.Contains(errOut, "cannot read the snapshot") {
		t.Errorf("missing snapshot: code %d %s", code, errOut)
	}
}

func buildHashes(t *testing.T, dir, planFile string) map[string]string {
	t.Helper()
	out, errOut, code := runKfc(t, "build", dir)
	if code != 0 {
		t.Fatalf("build: code %d\n%s", code, errOut)
	}
	if err := os.WriteFile(planFile, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	var p struct {
		Nodes []struct{ Name, Hash string }
	}
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, n := range p.Nodes {
		m[n.Name] = n.Hash
	}
	return m
}

// TestImportKedroWithRealKedro runs the command as a user does, with the
// project's Python, and checks the result with --check (also from Python).
func TestImportKedroWithRealKedro(t *testing.T) {
	path := os.Getenv("KFC_KEDRO_PYTHONPATH")
	if path == "" {
		t.Skip("needs Kedro: set KFC_KEDRO_PYTHONPATH to checkouts of kedro and kedro-datasets (docs/kedro.md#tests)")
	}
	t.Setenv("PYTHONPATH", path)
	dir := copyKedroProject(t)
	if out, errOut, code := runKfc(t, "import", "kedro", dir); code != 0 {
		t.Fatalf("import: code %d\n%s%s", code, out, errOut)
	}
	written, _ := os.ReadFile(filepath.Join(dir, "conf/base/pipelines.yml"))
	committed, _ := os.ReadFile(filepath.Join(kedroProject, "conf/base/pipelines.yml"))
	if string(written) != string(committed) {
		t.Errorf("Kedro's pipelines no longer give the committed file:\n%s", written)
	}
	if out, errOut, code := runKfc(t, "import", "kedro", dir, "--check"); code != 0 {
		t.Fatalf("--check: code %d\n%s%s", code, out, errOut)
	}
	// Drift in the Python code: --check names the node.
	pipe := filepath.Join(dir, "src/spaceflights/pipelines/data_science/pipeline.py")
	b, _ := os.ReadFile(pipe)
	if err := os.WriteFile(pipe, []byte(strings.Replace(string(b), `name="train_model_node", tags=["training"]`, `name="train_model_node", tags=["training", "gpu"]`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code := runKfc(t, "import", "kedro", dir, "--check")
	if code != 1 || !strings.Contains(out, `node "train_model_node" tags: file ["training"], Kedro ["gpu","training"]`) {
		t.Errorf("--check after editing pipeline.py: code %d\n%s", code, out)
	}
}

// TestImportKedroFindsTheProjectUpward: without a project argument, import
// kedro finds the project from a subfolder, as every command does.
func TestImportKedroFindsTheProjectUpward(t *testing.T) {
	dir := copyKedroProject(t)
	snap := recordedSnapshot(t)
	t.Chdir(filepath.Join(dir, "src"))
	out, errOut, code := runKfc(t, "import", "kedro", "--snapshot", snap)
	if code != 0 || !strings.Contains(out, "4 pipelines, 12 nodes") {
		t.Fatalf("import: code %d\n%s%s", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "conf/base/pipelines.yml")); err != nil {
		t.Fatalf("not written in the project: %v", err)
	}
}
