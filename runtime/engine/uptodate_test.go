package engine

import (
	"path/filepath"
	"testing"

	"github.com/kfc-dev/kfc/runtime/lockfile"
)

// With UpToDate the decisions take kfc.lock's digests without reading a
// file; when StillUpToDate says otherwise, the run decides from the files.
func TestUpToDateTrustsTheLockUnlessRechecked(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "data/in.txt"), "x\n")
	p := fanPlan(3, "")
	runPlan(t, root, p, Options{Jobs: 2})
	lock, err := lockfile.Read(root)
	if err != nil {
		t.Fatal(err)
	}
	// The input changes behind the caller's back: trusted, every node is
	// still skipped (what the caller vouched for)...
	write(t, filepath.Join(root, "data/in.txt"), "y\n")
	res, _ := runPlan(t, root, p, Options{Jobs: 2, UpToDate: true, Lock: lock})
	for i, r := range res.Nodes {
		if r.Status != Skipped || r.Reason != "up to date" {
			t.Errorf("trusted: node %s %s (%s)", p.Nodes[i].Name, r.Status, r.Reason)
		}
	}
	// ...unless the recheck under the project lock fails: then the input
	// is hashed and its readers run.
	res, _ = runPlan(t, root, p, Options{Jobs: 2, UpToDate: true, Lock: lock, StillUpToDate: func() bool { return false }})
	if r := res.Nodes[0]; r.Status != Succeeded {
		t.Errorf("rechecked: node %s %s (%s)", p.Nodes[0].Name, r.Status, r.Reason)
	}
}
