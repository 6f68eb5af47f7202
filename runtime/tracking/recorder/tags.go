package recorder

import (
	"context"
	"os/user"
	"sort"
	"time"

	"github.com/kfc-dev/kfc/runtime/internal/gitinfo"
	"github.com/kfc-dev/kfc/runtime/tracking"
)

// MLflow's system tag names (mlflow/utils/mlflow_tags.py).
const (
	TagRunName    = "mlflow.runName"
	TagUser       = "mlflow.user"
	TagSourceName = "mlflow.source.name"
	TagSourceType = "mlflow.source.type"
	TagGitCommit  = "mlflow.source.git.commit"
	TagGitBranch  = "mlflow.source.git.branch"
	TagGitRepoURL = "mlflow.source.git.repoURL"
	TagEntryPoint = "mlflow.project.entryPoint"
	TagBackend    = "mlflow.project.backend"
	TagParentRun  = "mlflow.parentRunId"
	TagNote       = "mlflow.note.content"
)

// kfc's own tags.
const (
	TagKfcProcess = "kfc.process" // host:pid:start, to find runs whose kfc died
	TagKfcProject = "kfc.project_root"
	TagKfcFailure = "kfc.failure"
)

// Git is what MLflow's git context records.
type Git struct{ Commit, Branch, RepoURL string }

// SourceInfo is what the system tags describe.
type SourceInfo struct {
	User       string // getpass.getuser()
	SourceName string // the program (sys.argv[0]) or, for entry points, the project
	EntryPoint string // "" for a pipeline run
	RunName    string
	ParentRun  string
	Git        Git
}

// SystemTags are the tags MLflow's context providers (a pipeline run:
// source type LOCAL, as kedro-mlflow's runs get) or `mlflow run` (an
// entry-point run: PROJECT, mlflow.project.entryPoint and
// mlflow.project.backend "local") set, plus extra (kfc.*), sorted by key.
// mlflow.project.env is not set: `mlflow run --env-manager local` sets none.
func SystemTags(s SourceInfo, extra map[string]string) []tracking.Tag {
	m := map[string]string{TagUser: s.User, TagSourceName: s.SourceName, TagSourceType: "LOCAL"}
	if s.EntryPoint != "" {
		m[TagSourceType] = "PROJECT"
		m[TagEntryPoint] = s.EntryPoint
		m[TagBackend] = "local"
	}
	if s.RunName != "" {
		m[TagRunName] = s.RunName
	}
	if s.ParentRun != "" {
		m[TagParentRun] = s.ParentRun
	}
	if s.Git.Commit != "" {
		m[TagGitCommit] = s.Git.Commit
	}
	if s.Git.Branch != "" {
		m[TagGitBranch] = s.Git.Branch
	}
	if s.Git.RepoURL != "" {
		m[TagGitRepoURL] = s.Git.RepoURL
	}
	for k, v := range extra {
		m[k] = v
	}
	out := make([]tracking.Tag, 0, len(m))
	for k, v := range m {
		out = append(out, tracking.Tag{Key: k, Value: v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// CurrentUser is Python's getpass.getuser(): LOGNAME, USER, LNAME,
// USERNAME, then the password database; MLflow falls back to "unknown".
func CurrentUser(getenv func(string) string) string {
	for _, k := range []string{"LOGNAME", "USER", "LNAME", "USERNAME"} {
		if v := getenv(k); v != "" {
			return v
		}
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "unknown"
}

// GitInfo reads the commit, branch (none when detached) and origin URL of
// the repository holding dir, with the git command; outside a repository,
// or without git, it is empty, as MLflow's git context is.
func GitInfo(dir string) Git {
	h := gitinfo.Start(dir).Wait().Head
	return HeadGit(h.Commit, h.Branch, h.RepoURL)
}

// HeadGit is the Git of a HEAD read elsewhere (StartOptions.Git): none
// without a commit, as MLflow records no git tags then.
func HeadGit(commit, branch, repoURL string) Git {
	if commit == "" {
		return Git{}
	}
	return Git{Commit: commit, Branch: branch, RepoURL: repoURL}
}

// gitTop is the top folder of the work tree holding dir ("" outside one),
// read as the checkout's other facts are (gitinfo.Git: no prompt, no
// optional locks), and without a git process outside any repository.
func gitTop(ctx context.Context, dir string) string {
	if gitinfo.NoRepository(dir) {
		return ""
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	top, _ := gitinfo.Git(ctx, dir, "rev-parse", "--show-toplevel")
	return top
}
