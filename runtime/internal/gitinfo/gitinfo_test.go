package gitinfo

import (
	"context"
	"os/exec"
	"strings"
	"testing"
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
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	for _, args := range [][]string{{"init", "-q"}, {"remote", "add", "origin", "https://user:s3cret@example.com/org/repo.git"}} {
		if out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	got := Read(context.Background(), dir).RepoURL
	if got != "https://example.com/org/repo.git" || strings.Contains(got, "s3cret") {
		t.Errorf("RepoURL = %q", got)
	}
}
