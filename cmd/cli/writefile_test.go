package cli

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// `kfc build -o /dev/null` run as root once replaced /dev/null with a
// regular file; a path that is not a regular file is written in place.
func TestWriteFileAtomicKeepsSpecialFiles(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no mkfifo:", err)
	}
	got := make(chan string, 1)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- err.Error()
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		got <- string(b)
	}()
	if err := writeFileAtomic(fifo, []byte("plan\n")); err != nil {
		t.Fatal(err)
	}
	st, err := os.Lstat(fifo)
	if err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("the pipe was replaced: %v %v", st.Mode(), err)
	}
	select {
	case s := <-got:
		if s != "plan\n" {
			t.Errorf("reader got %q", s)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("nothing was written to the pipe")
	}
	if err := writeFileAtomic(t.TempDir(), []byte("x")); err == nil {
		t.Error("writing over a directory succeeded")
	}
}
