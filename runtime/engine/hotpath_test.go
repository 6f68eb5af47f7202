package engine

import (
	"errors"
	"os/exec"
	"path/filepath"
	"testing"
)

func TestCommandLooksUpOncePerRun(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh on PATH")
	}
	r := &run{paths: map[string]string{}}
	a := r.command([]string{"sh", "-c", "exit 0"})
	if !filepath.IsAbs(a.Path) || a.Args[0] != "sh" {
		t.Fatalf("path %q args %q: want an absolute path and argv[0] kept", a.Path, a.Args)
	}
	// The second lookup comes from the run's table: a path planted there
	// is what the next command gets.
	r.paths["sh"] = "/planted/sh"
	if b := r.command([]string{"sh"}); b.Path != "/planted/sh" || b.Args[0] != "sh" {
		t.Fatalf("second command: path %q args %q", b.Path, b.Args)
	}
	// A name PATH does not have is not remembered and fails at Start as
	// exec.Command's does.
	c := r.command([]string{"kfc-no-such-command-xyz"})
	if _, ok := r.paths["kfc-no-such-command-xyz"]; ok {
		t.Fatal("a failed lookup was cached")
	}
	if err := c.Start(); !errors.Is(err, exec.ErrNotFound) {
		t.Fatalf("start: %v, want exec.ErrNotFound", err)
	}
	// A path with a separator is used as written.
	if d := r.command([]string{"./x.sh"}); d.Args[0] != "./x.sh" {
		t.Fatalf("relative path: args %q", d.Args)
	}
}
