package manifest

import "github.com/kfc-dev/kfc/runtime/internal/gitinfo"

// GitInfo describes the git checkout that contains root by running git;
// without git, or outside a repository, it is the zero Git. Dirty counts
// every uncommitted change (untracked files too) except kfc's own state
// (.kfc/ and kfc.lock), which a run itself changes.
func GitInfo(root string) Git { return StartGit(root).Manifest() }

// GitReading is the git checkout holding a project, read in the
// background with git's commands side by side (StartGit), for what a run
// records of it: its manifest's Git and its tracking tags.
type GitReading struct{ r *gitinfo.Reading }

// StartGit starts reading the checkout that contains root.
func StartGit(root string) *GitReading { return &GitReading{gitinfo.Start(root)} }

// Manifest is GitInfo's answer: the zero Git outside a work tree.
func (g *GitReading) Manifest() Git {
	s := g.r.Wait()
	if !s.InWorkTree {
		return Git{}
	}
	return Git{Commit: s.Head.Commit, Branch: s.Head.Branch, Dirty: s.Dirty, RepoURL: s.Head.RepoURL}
}

// Reading is the reading itself, for the run's tracking tags
// (recorder.StartOptions.Git).
func (g *GitReading) Reading() *gitinfo.Reading { return g.r }
