package manifest

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/kfc-dev/kfc/runtime/internal/gitinfo"
)

// GitInfo describes the git checkout that contains root by running git;
// without git, or outside a repository, it is the zero Git. Dirty counts
// every uncommitted change (untracked files too) except kfc's own state
// (.kfc/ and kfc.lock), which a run itself changes.
func GitInfo(root string) Git {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if inside, ok := gitinfo.Git(ctx, root, "rev-parse", "--is-inside-work-tree"); !ok || inside != "true" {
		return Git{}
	}
	head := gitinfo.Read(ctx, root)
	g := Git{Commit: head.Commit, Branch: head.Branch}
	if status, ok := gitinfo.Git(ctx, root, "status", "--porcelain", "--", ":/", ":(exclude).kfc", ":(exclude)kfc.lock"); ok {
		g.Dirty = status != ""
	}
	if head.RepoURL != "" {
		g.RepoURL = StripCredentials(head.RepoURL)
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
