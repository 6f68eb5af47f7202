package manifest

import (
	"context"
	"time"

	"github.com/kfc-dev/kfc/runtime/internal/gitinfo"
)

// GitInfo describes the git checkout that contains root by running git;
// without git, or outside a repository, it is the zero Git. Dirty counts
// every uncommitted change (untracked files too) except kfc's own state
// (.kfc/ and kfc.lock), which a run itself changes.
func GitInfo(root string) Git {
	if gitinfo.NoRepository(root) {
		return Git{}
	}
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
	g.RepoURL = head.RepoURL
	return g
}
