package digest

import (
	"path/filepath"
	"reflect"
	"testing"
)

// Keep drops, at the save, the entries of every folder under its dir
// that it was not told to keep, also those an earlier save wrote, and
// leaves everything else alone.
func TestKeepDropsOtherVersions(t *testing.T) {
	root := t.TempDir()
	files := []string{
		"data/model.pkl/v1/model.pkl",
		"data/model.pkl/v2/model.pkl",
		"data/model.pkl/v3/model.pkl",
		"data/model.pkl/v3/extra/part.bin", // a folder output's file, in a kept version
		"data/model.pkl-other/v1/x",        // a sibling whose name only starts the same
		"data/raw.csv",
		".kfc/runs/r1/data/tmp",
		".kfc/runs/r2/data/tmp",
	}
	cached(t, root, files...)

	c := OpenCache(root)
	write(t, filepath.Join(root, "data/model.pkl/v4/model.pkl"), "v4")
	age(t, filepath.Join(root, "data/model.pkl/v4/model.pkl"))
	if _, err := c.Sum("data/model.pkl/v4/model.pkl"); err != nil {
		t.Fatal(err)
	}
	c.Keep("data/model.pkl", map[string]bool{"v3": true, "v4": true})
	c.Keep(filepath.Join(root, ".kfc/runs"), map[string]bool{"r2": true}) // absolute works too
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	want := []string{
		".kfc/runs/r2/data/tmp",
		"data/model.pkl-other/v1/x",
		"data/model.pkl/v3/extra/part.bin",
		"data/model.pkl/v3/model.pkl",
		"data/model.pkl/v4/model.pkl",
		"data/raw.csv",
	}
	if got := keys(root); !reflect.DeepEqual(got, want) {
		t.Errorf("entries after the save:\n got %q\nwant %q", got, want)
	}
}

// A cache that stored nothing writes nothing, Keep or not: a run that
// hashed nothing leaves the file as it was.
func TestKeepAloneWritesNothing(t *testing.T) {
	root := t.TempDir()
	cached(t, root, "d/v1/f")
	c := OpenCache(root)
	c.Keep("d", map[string]bool{})
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	if got := keys(root); len(got) != 1 {
		t.Errorf("entries: %q, want the one saved before", got)
	}
}
