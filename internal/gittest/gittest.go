// Package gittest runs git in tests with a configuration of the test's
// own: an empty global config (not the developer's, and not /dev/null,
// which a broken tool may have turned into a file), no system config,
// and a fixed author, so that a commit works on any machine and kfc's own
// git commands in the test read the same.
package gittest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Isolate skips the test when there is no git, and otherwise sets the
// test's environment (t.Setenv: not for parallel tests) so every git it
// runs, directly or through kfc, has only its own configuration. It
// returns the git on PATH.
func Isolate(t testing.TB) string {
	t.Helper()
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("no git")
	}
	global := filepath.Join(t.TempDir(), "gitconfig")
	if err := os.WriteFile(global, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{
		"GIT_CONFIG_GLOBAL": global, "GIT_CONFIG_NOSYSTEM": "1",
		"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t",
	} {
		t.Setenv(k, v)
	}
	return git
}

// Run runs git -C dir with args and returns its output, trimmed; an
// error fails the test with git's own words.
func Run(t testing.TB, dir string, args ...string) string {
	t.Helper()
	out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}
