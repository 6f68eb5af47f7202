//go:build unix

package safefs

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// project makes a project folder with one file and returns its path.
func project(t *testing.T) string {
	t.Helper()
	root := filepath.Join(t.TempDir(), "proj")
	if err := os.MkdirAll(filepath.Join(root, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(root, "sub", "ok.yml"), "a: 1\n")
	return root
}

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("cannot make a symlink here: %v", err)
	}
}

// readSoon runs ReadFile and fails the test if it blocks (a FIFO opened
// for reading without O_NONBLOCK waits for a writer forever).
func readSoon(t *testing.T, root, rel string) ([]byte, error) {
	t.Helper()
	type result struct {
		b   []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		b, err := ReadFile(root, rel)
		done <- result{b, err}
	}()
	select {
	case r := <-done:
		return r.b, r.err
	case <-time.After(10 * time.Second):
		t.Fatalf("ReadFile(%s) blocked", rel)
		return nil, nil
	}
}

func TestReadFileInside(t *testing.T) {
	root := project(t)
	symlink(t, "sub/ok.yml", filepath.Join(root, "link.yml")) // a link that stays inside
	for _, rel := range []string{"sub/ok.yml", "link.yml", "sub/../sub/ok.yml", filepath.Join(root, "sub", "ok.yml")} {
		b, err := readSoon(t, root, rel)
		if err != nil || string(b) != "a: 1\n" {
			t.Errorf("ReadFile(%s) = %q, %v; want the file", rel, b, err)
		}
	}
	if _, err := ReadFile(root, "missing.yml"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v, want ErrNotExist", err)
	}
}

func TestReadFileOutside(t *testing.T) {
	root := project(t)
	secret := filepath.Join(filepath.Dir(root), "secret.txt")
	write(t, secret, "CANARY-outside\n")
	symlink(t, secret, filepath.Join(root, "out.yml"))
	symlink(t, "..", filepath.Join(root, "up"))
	symlink(t, "/", filepath.Join(root, "slash"))
	for _, rel := range []string{"../secret.txt", "sub/../../secret.txt", secret, "/etc/passwd", "out.yml", "up/secret.txt", "slash/etc/passwd"} {
		b, err := readSoon(t, root, rel)
		if !errors.Is(err, ErrOutside) {
			t.Errorf("ReadFile(%s) = %q, %v; want ErrOutside", rel, b, err)
			continue
		}
		if msg := Message(err); !strings.Contains(msg, rel) || strings.Contains(msg, "CANARY") || strings.Contains(msg, "root:") {
			t.Errorf("message %q must name %s and quote nothing of the file", msg, rel)
		}
		if _, err := Stat(root, rel); !errors.Is(err, ErrOutside) {
			t.Errorf("Stat(%s): %v, want ErrOutside", rel, err)
		}
	}
}

func TestReadFileNotRegular(t *testing.T) {
	root := project(t)
	if err := syscall.Mkfifo(filepath.Join(root, "fifo.yml"), 0o644); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(root, "s.sock")
	if l, err := net.Listen("unix", sock); err == nil {
		defer l.Close()
	} else {
		t.Logf("no unix socket: %v", err)
		sock = ""
	}
	cases := map[string]string{"fifo.yml": "a named pipe (FIFO)", "sub": "a folder"}
	if sock != "" {
		cases["s.sock"] = "a socket"
	}
	for rel, what := range cases {
		_, err := readSoon(t, root, rel)
		if !errors.Is(err, ErrNotRegular) || !strings.Contains(Message(err), what) {
			t.Errorf("ReadFile(%s): %v; want %q refused", rel, err, what)
		}
	}
	// A device reached by a path the caller confined itself.
	if _, err := ReadRegular("/dev/zero", "conf/base/catalog.yml"); !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "a device") {
		t.Errorf("ReadRegular(/dev/zero): %v; want a device refused", err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := ReadRegular(filepath.Join(root, "fifo.yml"), "fifo.yml")
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, ErrNotRegular) {
			t.Errorf("ReadRegular(fifo): %v; want ErrNotRegular", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("ReadRegular blocked on a FIFO")
	}
}

func TestReadFileTooLarge(t *testing.T) {
	root := project(t)
	big := filepath.Join(root, "big.yml")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxFileSize + 1); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	f.Close()
	_, err = ReadFile(root, "big.yml")
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "larger than 64 MiB") {
		t.Errorf("ReadFile(big): %v; want ErrTooLarge", err)
	}
	if err := os.Truncate(big, MaxFileSize); err != nil {
		t.Fatal(err)
	}
	if b, err := ReadFile(root, "big.yml"); err != nil || len(b) != MaxFileSize {
		t.Errorf("a file of exactly the cap: %d bytes, %v", len(b), err)
	}
}

func TestWithin(t *testing.T) {
	for _, c := range []struct {
		root, path string
		want       bool
	}{
		{"/a/b", "/a/b", true}, {"/a/b", "/a/b/c", true}, {"/a/b", "/a/bc", false},
		{"/a/b", "/a", false}, {"/", "/etc", true},
	} {
		if got := Within(c.root, c.path); got != c.want {
			t.Errorf("Within(%s, %s) = %v", c.root, c.path, got)
		}
	}
}
