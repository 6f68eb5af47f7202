package manifest

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"time"
)

// GitInfo describes the git checkout that contains root by running git;
// without git, or outside a repository, it is the zero Git. Dirty counts
// every uncommitted change (untracked files too) except kfc's own state
// (.kfc/ and kfc.lock), which a run itself changes.
func GitInfo(root string) Git {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	git := func(args ...string) (string, bool) {
		cmd := exec.CommandContext(ctx, "git", append([]string{"-C", root}, args...)...)
		// No prompt, no index refresh written behind the user's back, and
		// messages we do not parse anyway in a fixed language.
		cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0", "LC_ALL=C")
		var out bytes.Buffer
		cmd.Stdout = &out
		if err := cmd.Run(); err != nil {
			return "", false
		}
		return strings.TrimSpace(out.String()), true
	}
	if inside, ok := git("rev-parse", "--is-inside-work-tree"); !ok || inside != "true" {
		return Git{}
	}
	var g Git
	g.Commit, _ = git("rev-parse", "--verify", "-q", "HEAD")
	g.Branch, _ = git("symbolic-ref", "--short", "-q", "HEAD")
	if status, ok := git("status", "--porcelain", "--", ":/", ":(exclude).kfc", ":(exclude)kfc.lock"); ok {
		g.Dirty = status != ""
	}
	if u, ok := git("config", "--get", "remote.origin.url"); ok {
		g.RepoURL = StripCredentials(u)
	}
	return g
}

// StripCredentials removes the user information (user:password@ or a
// token@) from a URL with a scheme, so a manifest never records a secret.
// scp-like addresses (git@host:path) keep their user name, which is not a
// secret; anything unparsable is dropped whole.
func StripCredentials(raw string) string {
	if !strings.Contains(raw, "://") {
		if at := strings.Index(raw, "@"); at >= 0 && strings.Contains(raw[:at], ":") {
			return raw[at+1:] // user:password@host:path
		}
		return raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	u.User = nil
	return u.String()
}
