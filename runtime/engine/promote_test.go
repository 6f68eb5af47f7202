package engine

import (
	"os"
	"path/filepath"
	"testing"
)

func write(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestPromoteFile(t *testing.T) {
	d := t.TempDir()
	write(t, filepath.Join(d, "final/x.csv"), "old")
	write(t, filepath.Join(d, "stage/x.csv"), "new")
	if err := promote(filepath.Join(d, "stage/x.csv"), filepath.Join(d, "final/x.csv")); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(d, "final/x.csv")); got != "new" {
		t.Errorf("final = %q", got)
	}
	if _, err := os.Stat(filepath.Join(d, "stage/x.csv")); !os.IsNotExist(err) {
		t.Errorf("staged file still there")
	}
	// A staged file that is not there is an error, and changes nothing.
	if err := promote(filepath.Join(d, "stage/gone"), filepath.Join(d, "final/x.csv")); err == nil {
		t.Error("promoting a missing file succeeded")
	}
	if got := read(t, filepath.Join(d, "final/x.csv")); got != "new" {
		t.Errorf("final = %q after a failed promotion", got)
	}
}

func TestPromoteFolderWhole(t *testing.T) {
	d := t.TempDir()
	write(t, filepath.Join(d, "final/parts/p1"), "old1")
	write(t, filepath.Join(d, "final/parts/p2"), "old2")
	write(t, filepath.Join(d, "stage/parts/p1"), "new1")
	if err := promote(filepath.Join(d, "stage/parts"), filepath.Join(d, "final/parts")); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(d, "final/parts/p1")); got != "new1" {
		t.Errorf("p1 = %q", got)
	}
	// The old folder is replaced, not merged: p2 is gone.
	if _, err := os.Stat(filepath.Join(d, "final/parts/p2")); !os.IsNotExist(err) {
		t.Errorf("old partition p2 survived the promotion")
	}
	entries, _ := os.ReadDir(filepath.Join(d, "final"))
	if len(entries) != 1 {
		t.Errorf("leftovers next to the promoted folder: %v", entries)
	}
}

func TestPromoteFileOverFolder(t *testing.T) {
	d := t.TempDir()
	write(t, filepath.Join(d, "final/out/p1"), "old")
	write(t, filepath.Join(d, "stage/out"), "new")
	if err := promote(filepath.Join(d, "stage/out"), filepath.Join(d, "final/out")); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(d, "final/out")); got != "new" {
		t.Errorf("final/out = %q", got)
	}
	entries, _ := os.ReadDir(filepath.Join(d, "final"))
	if len(entries) != 1 {
		t.Errorf("leftovers next to the promoted file: %v", entries)
	}
}

// The cases where the first rename fails (and must change nothing) or
// succeeds on a folder: each ends with the staged output, whole, in place.
func TestPromoteEveryKindOfReplacement(t *testing.T) {
	for _, c := range []struct{ name, old, stage string }{
		{"folder over file", "file", "folder"},
		{"folder over empty folder", "empty", "folder"},
		{"file over empty folder", "empty", "file"},
		{"folder onto nothing", "none", "folder"},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := t.TempDir()
			final, staged := filepath.Join(d, "final/out"), filepath.Join(d, "stage/out")
			switch c.old {
			case "file":
				write(t, final, "old")
			case "empty":
				os.MkdirAll(final, 0o755)
			case "none":
				os.MkdirAll(filepath.Dir(final), 0o755)
			}
			want := filepath.Join(final, "p1")
			if c.stage == "folder" {
				write(t, filepath.Join(staged, "p1"), "new")
			} else {
				write(t, staged, "new")
				want = final
			}
			if err := promote(staged, final); err != nil {
				t.Fatal(err)
			}
			if got := read(t, want); got != "new" {
				t.Errorf("%s = %q", want, got)
			}
			if entries, _ := os.ReadDir(filepath.Dir(final)); len(entries) != 1 {
				t.Errorf("leftovers next to the promoted output: %v", entries)
			}
			if _, err := os.Lstat(staged); !os.IsNotExist(err) {
				t.Errorf("staged output still there: %v", err)
			}
		})
	}
}
