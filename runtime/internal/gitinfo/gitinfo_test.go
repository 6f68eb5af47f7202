package gitinfo

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/internal/gittest"
)

func TestStripCredentials(t *testing.T) {
	for in, want := range map[string]string{
		"https://user:s3cret@github.com/org/repo.git": "https://github.com/org/repo.git",
		"https://ghp_token@github.com/org/repo":       "https://github.com/org/repo",
		"ssh://git@host:22/org/repo":                  "ssh://host:22/org/repo",
		"git@github.com:org/repo.git":                 "git@github.com:org/repo.git",
		"user:pw@host:org/repo":                       "host:org/repo",
		"/srv/git/repo":                               "/srv/git/repo",
	} {
		if got := StripCredentials(in); got != want {
			t.Errorf("StripCredentials(%q) = %q, want %q", in, got, want)
		}
	}
}

// The origin URL Read returns, which the manifest and the tracking tag
// mlflow.source.git.repoURL both record, never carries the token.
func TestReadStripsTheToken(t *testing.T) {
	gittest.Isolate(t)
	dir := t.TempDir()
	gittest.Run(t, dir, "init", "-q")
	gittest.Run(t, dir, "remote", "add", "origin", "https://user:s3cret@example.com/org/repo.git")
	got := Start(dir).Wait().Head.RepoURL
	if got != "https://example.com/org/repo.git" || strings.Contains(got, "s3cret") {
		t.Errorf("RepoURL = %q", got)
	}
}

// NoRepository never says "no repository" where git finds one (a
// checkout, a subfolder, a linked worktree, a bare repository, a git dir,
// GIT_DIR set), and does say it for a folder git finds none for.
func TestNoRepositoryAgreesWithGit(t *testing.T) {
	gittest.Isolate(t)
	gitOK := func(dir string, args ...string) bool {
		return exec.Command("git", append([]string{"-C", dir}, args...)...).Run() == nil
	}
	tmp := t.TempDir()
	plain := filepath.Join(tmp, "plain", "sub")
	repo, bare, wt := filepath.Join(tmp, "repo"), filepath.Join(tmp, "bare.git"), filepath.Join(tmp, "wt")
	for _, d := range []string{plain, filepath.Join(repo, "a", "b")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	gittest.Run(t, repo, "init", "-q")
	gittest.Run(t, repo, "commit", "-q", "--allow-empty", "-m", "x")
	gittest.Run(t, tmp, "init", "-q", "--bare", bare)
	gittest.Run(t, repo, "worktree", "add", "-q", wt)
	if gitOK(plain, "rev-parse", "--git-dir") {
		t.Skip("the temporary folder is inside a git repository")
	}
	if !NoRepository(plain) {
		t.Errorf("NoRepository(%s) = false outside any repository", plain)
	}
	for _, d := range []string{repo, filepath.Join(repo, "a", "b"), wt, bare, filepath.Join(repo, ".git", "objects"), filepath.Join(plain, "missing")} {
		if NoRepository(d) && gitOK(d, "rev-parse", "--git-dir") {
			t.Errorf("NoRepository(%s) = true, but git finds a repository", d)
		}
		if d != filepath.Join(plain, "missing") && NoRepository(d) {
			t.Errorf("NoRepository(%s) = true in a repository", d)
		}
	}
	t.Setenv("GIT_DIR", filepath.Join(repo, ".git"))
	if NoRepository(plain) || !gitOK(plain, "rev-parse", "--git-dir") {
		t.Errorf("with GIT_DIR set, git finds the repository and NoRepository must leave it to git")
	}
}
