package engine

import (
	"os"
	"path/filepath"
	"testing"
)

// What a killed run's index lists is removed, and an emptied version
// folder with it; a listed folder that holds anything else stays, and a
// line that names no staged sibling (a torn last line, a hand edit) is
// never acted on.
func TestRemoveStaged(t *testing.T) {
	root := t.TempDir()
	write := func(p string) {
		t.Helper()
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("data/.kfc-0123456789abcdef.a.txt")
	write("data/m.pkl/V1/.kfc-0123456789abcdef.m.pkl")
	write("data/keep/.kfc-0123456789abcdef.k.txt")
	write("data/keep/other.txt")
	write("data/parts/.kfc-0123456789abcdef.parts/p1.csv")
	write("data/mine.txt")
	runDir := filepath.Join(root, ".kfc/runs/R")
	index := "- data/.kfc-0123456789abcdef.a.txt\n" +
		"v data/m.pkl/V1/.kfc-0123456789abcdef.m.pkl\n" +
		"v data/keep/.kfc-0123456789abcdef.k.txt\n" +
		"- data/parts/.kfc-0123456789abcdef.parts\n" +
		"- data/mine.txt\n" +
		"- data/.kfc-0123"
	if err := os.MkdirAll(runDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(runDir, stagedIndex), []byte(index), 0o644); err != nil {
		t.Fatal(err)
	}
	if !removeStaged(root, runDir) {
		t.Fatal("removeStaged did not find the index")
	}
	for _, p := range []string{"data/.kfc-0123456789abcdef.a.txt", "data/m.pkl/V1", "data/keep/.kfc-0123456789abcdef.k.txt", "data/parts/.kfc-0123456789abcdef.parts", ".kfc/runs/R/" + stagedIndex} {
		if _, err := os.Lstat(filepath.Join(root, p)); err == nil {
			t.Errorf("%s is still there", p)
		}
	}
	for _, p := range []string{"data/m.pkl", "data/keep/other.txt", "data/parts", "data/mine.txt"} {
		if _, err := os.Lstat(filepath.Join(root, p)); err != nil {
			t.Errorf("%s was removed", p)
		}
	}
	if removeStaged(root, runDir) {
		t.Error("removeStaged found an index twice")
	}
}
