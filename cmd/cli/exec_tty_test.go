package cli

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestExecTTYProgress runs kfc exec in a real terminal (tmux) and reads
// the screen: while a node runs, one status line (done/running/total,
// elapsed, the running node) is redrawn in place; at the end it is gone
// and the summary follows. Skipped when tmux is not installed.
func TestExecTTYProgress(t *testing.T) {
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Skip("tmux not installed")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin", "kfc")
	os.MkdirAll(filepath.Dir(bin), 0o755)
	if err := os.Symlink(self, bin); err != nil { // testscript.Main runs kfc when called so
		t.Fatal(err)
	}
	proj := filepath.Join(dir, "proj")
	files := map[string]string{
		"pyproject.toml":          "[tool.kedro]\npackage_name = \"demo\"\nproject_name = \"Demo\"\n",
		"conf/local/.keep":        "",
		"conf/base/catalog.yml":   "\"{name}\":\n  type: text.TextDataset\n  filepath: data/{name}.txt\n",
		"conf/base/pipelines.yml": "__default__:\n  nodes:\n    - name: quick\n      run: \"echo quick line; echo > {out.quick}\"\n      shell: true\n      outputs: quick\n    - name: waiting\n      run: \"while [ ! -e release ]; do sleep 0.05; done; echo > {out.waiting}\"\n      shell: true\n      outputs: waiting\n",
	}
	for name, text := range files {
		p := filepath.Join(proj, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sock := fmt.Sprintf("kfc-test-%d-%d", os.Getpid(), time.Now().UnixNano()) // a server of its own, even with -count
	run := func(args ...string) string {
		out, err := exec.Command(tmux, append([]string{"-L", sock}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	shell := fmt.Sprintf("cd %s && env -u CI -u GITHUB_STEP_SUMMARY TERM=xterm %s exec . ; echo kfc-exit=$?; sleep 60", proj, bin)
	run("new-session", "-d", "-s", "t", "-x", "120", "-y", "30", shell)
	defer exec.Command(tmux, "-L", sock, "kill-server").Run()

	status := regexp.MustCompile(`(?m)^kfc exec: 1/2 done, 1 running, \d+\.\ds: waiting$`)
	screen := waitScreen(t, func() string { return run("capture-pane", "-p", "-t", "t") }, status)
	if !strings.Contains(screen, "[quick] quick line") {
		t.Errorf("node output not above the status line:\n%s", screen)
	}
	if strings.Count(screen, "kfc exec: ") != 2 { // the start line and one status line, redrawn in place
		t.Errorf("status line not redrawn in place:\n%s", screen)
	}
	if regexp.MustCompile(`\d\d:\d\d:\d\d\.\d{3} `).MatchString(screen) {
		t.Errorf("timestamps on a terminal:\n%s", screen)
	}
	os.WriteFile(filepath.Join(proj, "release"), nil, 0o644)
	screen = waitScreen(t, func() string { return run("capture-pane", "-p", "-t", "t") }, regexp.MustCompile(`kfc-exit=0`))
	if status.MatchString(screen) || strings.Contains(screen, "running,") {
		t.Errorf("status line left on screen after the run:\n%s", screen)
	}
	if !regexp.MustCompile(`(?m)^waiting +succeeded +\S+ +no record in kfc.lock$`).MatchString(screen) {
		t.Errorf("no summary:\n%s", screen)
	}
}

func waitScreen(t *testing.T, capture func() string, want *regexp.Regexp) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		s := capture()
		if want.MatchString(s) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("screen never matched %s:\n%s", want, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
