//go:build unix

package config

import (
	"errors"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kfc-dev/kfc/compiler/diag"
)

// loadSoon loads the project, failing the test instead of hanging when a
// read blocks (a FIFO) or a walk runs away (a link to /).
func loadSoon(t *testing.T, opts LoadOptions) (*Project, []diag.Diagnostic) {
	t.Helper()
	if opts.Getenv == nil {
		opts.Getenv = noEnv
	}
	type result struct {
		p   *Project
		ds  []diag.Diagnostic
		err error
	}
	done := make(chan result, 1)
	go func() {
		var diags diag.List
		p, err := Load(opts, &diags)
		done <- result{p, diags.Items(), err}
	}()
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatal(r.err)
		}
		return r.p, r.ds
	case <-time.After(20 * time.Second):
		t.Fatal("Load did not finish in 20 s (blocked on a read or walking outside the project)")
		return nil, nil
	}
}

func mustSymlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("cannot symlink: %v", err)
	}
}

// A symlink in conf/ to / (or to any folder or file outside the project) is
// reported once, by its own path, and not followed: the walk does not
// visit the file system and nothing outside is read.
func TestWalkDoesNotLeaveTheProject(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"conf/base/catalog.yml": "a: {type: MemoryDataset}\n",
		"conf/local/":           "",
	})
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "catalog_secret.yml"), []byte("CANARY_OUT: {type: MemoryDataset}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustSymlink(t, "/", filepath.Join(dir, "conf/base/root"))
	mustSymlink(t, outside, filepath.Join(dir, "conf/base/catalog_shared"))
	mustSymlink(t, filepath.Join(outside, "catalog_secret.yml"), filepath.Join(dir, "conf/local/catalog.yml"))
	mustSymlink(t, "/dev/zero", filepath.Join(dir, "conf/local/parameters.yml"))
	p, ds := loadSoon(t, LoadOptions{Root: dir})
	wantFindings(t, ds,
		"conf/base/catalog_shared: conf/base/catalog_shared is a symbolic link that leads outside the project folder; kfc does not follow it, so what it points to is not checked [safefs.Outside]",
		"conf/base/root: conf/base/root is a symbolic link that leads outside the project folder; kfc does not follow it, so what it points to is not checked [safefs.Outside]",
		"conf/local/catalog.yml: conf/local/catalog.yml is a symbolic link that leads outside the project folder; kfc does not follow it, so what it points to is not checked [safefs.Outside]",
		"conf/local/parameters.yml: conf/local/parameters.yml is a symbolic link that leads outside the project folder; kfc does not follow it, so what it points to is not checked [safefs.Outside]")
	if got := compact(p.Get("catalog")); got != `{"a":{"type":"MemoryDataset"}}` {
		t.Errorf("catalog read from outside the project: %s", got)
	}
}

// A conf folder (or an environment folder) that is itself a link out of
// the project is not read.
func TestConfFolderOutsideTheProject(t *testing.T) {
	outside := writeProject(t, map[string]string{"conf/base/catalog.yml": "x: {type: MemoryDataset}\n", "conf/local/": ""})
	dir := writeProject(t, map[string]string{"MLproject": "name: m\nentry_points:\n  main: {command: run}\n"})
	mustSymlink(t, filepath.Join(outside, "conf"), filepath.Join(dir, "conf"))
	p, ds := loadSoon(t, LoadOptions{Root: dir})
	wantFindings(t, ds, "conf: the configuration folder conf leads outside the project folder; kfc reads nothing outside it [safefs.Outside]")
	if len(p.Files) != 0 {
		t.Errorf("files read from outside: %v", p.Files)
	}

	dir = writeProject(t, map[string]string{"conf/local/": ""})
	mustSymlink(t, filepath.Join(outside, "conf/base"), filepath.Join(dir, "conf/base"))
	p, ds = loadSoon(t, LoadOptions{Root: dir})
	wantFindings(t, ds, "conf/base: conf/base is a symbolic link that leads outside the project folder; kfc does not follow it, so what it points to is not checked [safefs.Outside]")
	if len(p.Files) != 0 {
		t.Errorf("files read from outside: %v", p.Files)
	}

	// CONF_SOURCE naming a folder outside: the same refusal.
	dir = writeProject(t, map[string]string{"pyproject.toml": "[tool.kfc]\nconf_source = \"../" + filepath.Base(outside) + "/conf\"\n"})
	var diags diag.List
	if _, err := Load(LoadOptions{Root: dir, Getenv: noEnv}, &diags); err == nil || !strings.Contains(err.Error(), "leads outside the project folder") {
		t.Errorf("conf_source outside: err = %v", err)
	}
}

// A named pipe, a socket or a device under conf/ that a pattern matches is
// an error, and kfc neither blocks on it nor opens it.
func TestSpecialFilesInConf(t *testing.T) {
	dir := writeProject(t, map[string]string{"conf/base/catalog.yml": "a: {type: MemoryDataset}\n", "conf/local/": ""})
	if err := syscall.Mkfifo(filepath.Join(dir, "conf/base/parameters.yml"), 0o644); err != nil {
		t.Fatal(err)
	}
	want := []string{"conf/base/parameters.yml: conf/base/parameters.yml is a named pipe (FIFO), not a regular file; kfc reads only regular files [config.UnreadableFile]"}
	// A socket path must be short; skip it where the temp dir is too deep.
	if l, err := net.Listen("unix", filepath.Join(dir, "conf/local/catalog.yml")); err == nil {
		defer l.Close()
		want = append(want, "conf/local/catalog.yml: conf/local/catalog.yml is a socket, not a regular file; kfc reads only regular files [config.UnreadableFile]")
	}
	p, ds := loadSoon(t, LoadOptions{Root: dir})
	wantFindings(t, ds, want...)
	if got := compact(p.Get("catalog")); got != `{"a":{"type":"MemoryDataset"}}` {
		t.Errorf("catalog: %s", got)
	}
}

// An unreadable folder under conf/ is a warning, not a silent pass. The
// failure is injected into the walk, so this test proves the reporting as
// root too (CI runs as root, where mode 000 does not stop a read);
// TestUnreadableFolderMode below proves the real permission path.
func TestUnreadableFolderIsReported(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"conf/base/catalog.yml":             "a: {type: MemoryDataset}\n",
		"conf/base/lockeddir/catalog_x.yml": "x: {type: MemoryDataset}\n",
		"conf/local/":                       "",
	})
	locked := filepath.Join(dir, "conf/base/lockeddir")
	readDir := func(name string) ([]os.DirEntry, error) {
		if name == locked {
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
		}
		return os.ReadDir(name)
	}
	p, ds := loadSoon(t, LoadOptions{Root: dir, readDir: readDir})
	wantFindings(t, ds, "conf/base/lockeddir: cannot read conf/base/lockeddir: permission denied; Kedro skips it too, so any configuration in it is ignored, and a run by another user may load more [config.UnreadableFolder]")
	if got := compact(p.Get("catalog")); got != `{"a":{"type":"MemoryDataset"}}` {
		t.Errorf("catalog: %s", got)
	}
}

// The same with real permissions: as a normal user directly; as root by
// running this test binary again as nobody (uid 65534) when the system
// lets it, else it says so and skips.
func TestUnreadableFolderMode(t *testing.T) {
	if dir := os.Getenv("KFC_TEST_LOCKED_PROJECT"); dir != "" {
		var diags diag.List
		if _, err := Load(LoadOptions{Root: dir, Getenv: noEnv}, &diags); err != nil {
			t.Fatal(err)
		}
		wantFindings(t, diags.Items(), "conf/base/lockeddir: cannot read conf/base/lockeddir: permission denied; Kedro skips it too, so any configuration in it is ignored, and a run by another user may load more [config.UnreadableFolder]")
		return
	}
	base := t.TempDir()
	dir := filepath.Join(base, "p")
	for _, d := range []string{"conf/base/lockeddir", "conf/local"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "conf/base/catalog.yml"), []byte("a: {type: MemoryDataset}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	locked := filepath.Join(dir, "conf/base/lockeddir")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(locked, 0o755)
	if os.Geteuid() != 0 {
		var diags diag.List
		if _, err := Load(LoadOptions{Root: dir, Getenv: noEnv}, &diags); err != nil {
			t.Fatal(err)
		}
		wantFindings(t, diags.Items(), "conf/base/lockeddir: cannot read conf/base/lockeddir: permission denied; Kedro skips it too, so any configuration in it is ignored, and a run by another user may load more [config.UnreadableFolder]")
		return
	}
	// Root: the project and this binary must be reachable by nobody.
	for d := base; d != "/" && d != "."; d = filepath.Dir(d) {
		if fi, err := os.Stat(d); err != nil || fi.Mode().Perm()&0o005 != 0o005 {
			if err := os.Chmod(d, fi.Mode().Perm()|0o005); err != nil {
				t.Skipf("running as root and cannot open %s to nobody: %v", d, err)
			}
			defer os.Chmod(d, fi.Mode().Perm())
		}
	}
	// A copy of this test binary where nobody can run it (go test builds
	// it in a folder only root can enter).
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	bin, err := os.ReadFile(exe)
	if err != nil {
		t.Skip(err)
	}
	exe = filepath.Join(base, "config.test")
	if err := os.WriteFile(exe, bin, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestUnreadableFolderMode$", "-test.count=1")
	cmd.Env = append(os.Environ(), "KFC_TEST_LOCKED_PROJECT="+dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	switch {
	case err == nil:
		if !strings.Contains(string(out), "PASS") {
			t.Errorf("child run as nobody printed no PASS:\n%s", out)
		}
	case errors.As(err, &ee) && strings.Contains(string(out), "--- FAIL"):
		t.Errorf("as nobody:\n%s", out)
	default:
		t.Skipf("running as root and cannot run this test as nobody (%v): only TestUnreadableFolderIsReported's injected error covers it\n%s", err, out)
	}
}

// A bare MLflow project whose MLproject is a pipe or a link out cannot be
// loaded, and the error says why (rather than "no MLproject file").
func TestUnusableMLprojectSaysWhy(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "MLproject"), 0o644); err != nil {
		t.Fatal(err)
	}
	var diags diag.List
	_, err := Load(LoadOptions{Root: dir, Getenv: noEnv}, &diags)
	if err == nil || !strings.Contains(err.Error(), "its MLproject cannot be read: MLproject is a named pipe (FIFO)") {
		t.Errorf("err = %v", err)
	}
	dir = t.TempDir()
	mustSymlink(t, "/etc/passwd", filepath.Join(dir, "MLproject"))
	_, err = Load(LoadOptions{Root: dir, Getenv: noEnv}, &diags)
	if err == nil || !strings.Contains(err.Error(), "MLproject leads outside the project folder") || strings.Contains(err.Error(), "root:") {
		t.Errorf("err = %v", err)
	}
}
