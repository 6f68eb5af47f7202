package localstore

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/kfc-dev/kfc/runtime/tracking"
)

// A record file is shared with the artifact (one inode), a logged output
// is copied, and logging a record again replaces the artifact whole.
func TestCopyArtifactLinksRecordsOnly(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "artifacts")
	src := filepath.Join(dir, "manifest.json")
	if err := os.WriteFile(src, []byte(`{"status":"RUNNING"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	records := tracking.WithRecordFiles(context.Background())
	if err := CopyArtifact(records, root, src, "kfc"); err != nil {
		t.Fatal(err)
	}
	if err := CopyArtifact(context.Background(), root, src, "out"); err != nil {
		t.Fatal(err)
	}
	same := func(p string) bool {
		a, errA := os.Stat(src)
		b, errB := os.Stat(p)
		if errA != nil || errB != nil {
			t.Fatal(errA, errB)
		}
		return os.SameFile(a, b)
	}
	linked, copied := filepath.Join(root, "kfc", "manifest.json"), filepath.Join(root, "out", "manifest.json")
	if !same(linked) {
		t.Errorf("%s is not a link to the record", linked)
	}
	if same(copied) {
		t.Errorf("%s is linked, want a copy", copied)
	}
	// kfc rewrites a record by rename: the old artifact keeps the old bytes
	// until the record is logged again.
	next := filepath.Join(dir, "next")
	if err := os.WriteFile(next, []byte(`{"status":"FINISHED"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(next, src); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(linked); string(b) != `{"status":"RUNNING"}` {
		t.Errorf("artifact after the record's rename = %s", b)
	}
	if err := CopyArtifact(records, root, src, "kfc"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(linked); string(b) != `{"status":"FINISHED"}` || !same(linked) {
		t.Errorf("artifact logged again = %s (linked %v)", b, same(linked))
	}
	if left, _ := filepath.Glob(filepath.Join(root, "kfc", ".*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
