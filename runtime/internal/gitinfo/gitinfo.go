// Package gitinfo reads the git checkout a project lives in, with the git
// command, for the run manifest and the tracking store's source tags.
package gitinfo

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
)

// Info is the checkout's HEAD: its commit, its branch (none when
// detached) and the origin remote's URL, as git reports them.
type Info struct{ Commit, Branch, RepoURL string }

// Git runs git -C dir with args and returns its trimmed output; ok is
// false when git is missing or fails.
func Git(ctx context.Context, dir string, args ...string) (out string, ok bool) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	// No prompt, no index refresh written behind the user's back, and
	// messages we do not parse anyway in a fixed language.
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0", "LC_ALL=C")
	var b bytes.Buffer
	cmd.Stdout = &b
	if err := cmd.Run(); err != nil {
		return "", false
	}
	return strings.TrimSpace(b.String()), true
}

// Read returns HEAD's commit, branch and origin URL; each is empty when
// git cannot tell it (no commit yet, detached HEAD, no origin).
func Read(ctx context.Context, dir string) Info {
	var i Info
	i.Commit, _ = Git(ctx, dir, "rev-parse", "--verify", "-q", "HEAD")
	i.Branch, _ = Git(ctx, dir, "symbolic-ref", "--short", "-q", "HEAD")
	i.RepoURL, _ = Git(ctx, dir, "config", "--get", "remote.origin.url")
	return i
}
