package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/kfc-dev/kfc/internal/safefs"
)

// pyproject.toml is read once per run, by the loader; the dataset types,
// lint's settings, the plan's project name and exec's node_runs decode
// the one parsed document (issue 11 point 4).
func TestPyprojectReadOncePerRun(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not installed")
	}
	dir := t.TempDir()
	for rel, b := range exampleFiles(t) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	copyTree(t, filepath.Join("..", "..", "examples", "spaceflights", "data", "01_raw"), filepath.Join(dir, "data", "01_raw"))

	var mu sync.Mutex
	reads := 0
	restore := safefs.SetReadHook(func(root, path string) error {
		if root == dir && path == "pyproject.toml" {
			mu.Lock()
			reads++
			mu.Unlock()
		}
		return nil
	})
	defer restore()

	planFile := filepath.Join(t.TempDir(), "plan.json")
	for _, args := range [][]string{
		{"vet", dir},
		{"build", dir, "-o", planFile},
		{"build", dir, "--entry-point", "train", "-P", "train_data=data/01_raw/companies.csv"},
		{"exec", dir, "--no-tracking"},
		{"exec", planFile, "-C", dir, "--no-tracking"},
		{"rules"},
	} {
		mu.Lock()
		reads = 0
		mu.Unlock()
		var out, errb bytes.Buffer
		if args[0] == "rules" { // found upwards from the working directory
			t.Chdir(dir)
		}
		if code := Main(args, &out, &errb); code != 0 {
			t.Fatalf("kfc %v: exit %d\n%s%s", args, code, out.String(), errb.String())
		}
		mu.Lock()
		if reads != 1 {
			t.Errorf("kfc %v read pyproject.toml %d times, want once", args, reads)
		}
		mu.Unlock()
	}
}
