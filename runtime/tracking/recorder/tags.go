package recorder

import (
	"os/user"
	"sort"

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

// headGit is the source tags' Git of a checkout's HEAD: none without a
// commit, as MLflow records no git tags then.
func headGit(h gitinfo.Info) Git {
	if h.Commit == "" {
		return Git{}
	}
	return Git{Commit: h.Commit, Branch: h.Branch, RepoURL: h.RepoURL}
}
