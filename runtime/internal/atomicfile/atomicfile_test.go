package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestWriteAndRemoveStale(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "kfc.lock")
	// What a kfc killed between CreateTemp and rename leaves behind.
	stale := filepath.Join(dir, ".kfc.lock.tmp-123")
	other := filepath.Join(dir, ".other.tmp-1")
	os.WriteFile(stale, []byte("half"), 0o644)
	os.WriteFile(other, []byte("x"), 0o644)
	RemoveStale(path)
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("stale temp file kept")
	}
	if _, err := os.Stat(other); err != nil {
		t.Error("another file's temp file removed")
	}
	if err := Write(path, []byte("new\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	st, _ := os.Stat(path)
	if string(b) != "new\n" || st.Mode().Perm() != 0o600 {
		t.Errorf("content %q mode %v", b, st.Mode())
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".kfc.lock.tmp-*"))
	if len(left) != 0 {
		t.Errorf("temp files left: %v", left)
	}
}

func TestLockSerialises(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.lk")
	unlock, err := Lock(path)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan struct{})
	go func() {
		u, err := Lock(path)
		if err == nil {
			u()
		}
		close(got)
	}()
	select {
	case <-got:
		t.Fatal("second Lock did not wait")
	case <-time.After(100 * time.Millisecond):
	}
	unlock()
	<-got
}

// WritePartsSyncLater's file is whole and in place before its sync, with
// its mode, and no temporary file is left.
func TestWritePartsSyncLater(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "manifest.json")
	os.WriteFile(path, []byte("old"), 0o600)
	sync, err := WritePartsSyncLater(path, 0o644, []byte("new "), []byte("content"))
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new content" {
		t.Fatalf("before the sync: %q", b)
	}
	if err := sync(); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", st.Mode())
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("left in the folder: %v", ents)
	}
	if _, err := WritePartsSyncLater(filepath.Join(dir, "no", "such"), 0o644, []byte("x")); err == nil {
		t.Error("no error for a missing folder")
	}
}
