// Package tracking is kfc's MLflow tracking: the types of MLflow's
// tracking model and the Store interface that each backend implements
// (SQLite through MLflow's own schema, MLflow's FileStore layout, the REST
// API). Every store writes what MLflow's own code reads back unchanged.
package tracking

import "context"

// Status is MLflow's RunStatus enum, with MLflow's integer codes.
type Status int

const (
	StatusRunning   Status = 1
	StatusScheduled Status = 2
	StatusFinished  Status = 3
	StatusFailed    Status = 4
	StatusKilled    Status = 5
)

// String is the name MLflow stores in SQL and sends over REST ("RUNNING", ...).
func (s Status) String() string {
	switch s {
	case StatusRunning:
		return "RUNNING"
	case StatusScheduled:
		return "SCHEDULED"
	case StatusFinished:
		return "FINISHED"
	case StatusFailed:
		return "FAILED"
	case StatusKilled:
		return "KILLED"
	}
	return "UNKNOWN"
}

// Experiment is an MLflow experiment.
type Experiment struct {
	ID               string
	Name             string
	ArtifactLocation string
	LifecycleStage   string // "active" or "deleted"
	CreationTime     int64  // ms since the epoch
	LastUpdateTime   int64
	Tags             map[string]string
}

// RunInfo is an MLflow run's info.
type RunInfo struct {
	RunID          string // uuid4 hex, 32 characters
	ExperimentID   string
	RunName        string
	UserID         string
	Status         Status
	StartTime      int64 // ms
	EndTime        int64 // ms; 0 while running
	ArtifactURI    string
	LifecycleStage string
}

// Param is one run parameter; its value is immutable once logged.
type Param struct{ Key, Value string }

// Tag is one run tag; a later value replaces an earlier one.
type Tag struct{ Key, Value string }

// Metric is one metric point.
type Metric struct {
	Key       string
	Value     float64
	Timestamp int64 // ms
	Step      int64
}

// Run is a run with its data: params, tags and the latest value of each metric.
type Run struct {
	Info    RunInfo
	Params  []Param  // sorted by key
	Tags    []Tag    // sorted by key
	Metrics []Metric // latest point per key, sorted by key
}

// CreateRunRequest is what creating a run needs.
type CreateRunRequest struct {
	ExperimentID string
	UserID       string
	RunName      string
	StartTime    int64 // ms
	Tags         []Tag
}

// ArtifactInfo is one entry of a run's artifact listing.
type ArtifactInfo struct {
	Path  string // relative to the run's artifact root
	IsDir bool
	Size  int64
}

// Store is one tracking backend. Every method is safe for concurrent use
// by several goroutines and several processes (nodes logging in parallel).
type Store interface {
	// GetExperimentByName returns nil and no error when there is none.
	GetExperimentByName(ctx context.Context, name string) (*Experiment, error)
	// CreateExperiment creates an active experiment and returns its id;
	// an empty artifactLocation gets the store's default.
	CreateExperiment(ctx context.Context, name, artifactLocation string, tags []Tag) (string, error)
	ListExperiments(ctx context.Context) ([]*Experiment, error)
	CreateRun(ctx context.Context, req CreateRunRequest) (*RunInfo, error)
	// LogBatch writes metrics, params and tags in one call; callers split
	// at MLflow's batch limits (limits.go).
	LogBatch(ctx context.Context, runID string, metrics []Metric, params []Param, tags []Tag) error
	// UpdateRun sets the status and, for a terminal status, the end time.
	UpdateRun(ctx context.Context, runID string, status Status, endTime int64) error
	GetRun(ctx context.Context, runID string) (*Run, error)
	// MetricHistory is every point of one metric, in logging order.
	MetricHistory(ctx context.Context, runID, key string) ([]Metric, error)
	// SearchRuns lists the runs of the experiments, newest start time first.
	SearchRuns(ctx context.Context, experimentIDs []string, maxResults int) ([]*Run, error)
	// LogArtifact copies a local file or folder to artifactPath (a folder,
	// "" for the root) under the run's artifact root.
	LogArtifact(ctx context.Context, runID, localPath, artifactPath string) error
	ListArtifacts(ctx context.Context, runID, path string) ([]ArtifactInfo, error)
	Close() error
}

// RunningSearcher is a Store that can list only the RUNNING runs of the
// experiments (SearchRuns' order and limit): what kfc looks at on every
// start, to mark runs a dead kfc left RUNNING, without reading every
// earlier run's params, metrics and tags (docs/bench.md).
type RunningSearcher interface {
	SearchRunningRuns(ctx context.Context, experimentIDs []string, maxResults int) ([]*Run, error)
}

type recordFilesKey struct{}

// WithRecordFiles marks ctx for LogArtifact: the files logged under it
// are records nobody writes in place afterwards (kfc replaces a run's
// plan.json and manifest.json only by rename), so a store that writes
// artifacts to a local folder may hard-link them instead of copying.
// Copying the two records of a 1,000-node run was a fifth of a no-op
// run's time (docs/bench.md). Node outputs are never logged this way: a
// user's process may rewrite a data file in place.
func WithRecordFiles(ctx context.Context) context.Context {
	return context.WithValue(ctx, recordFilesKey{}, true)
}

// RecordFiles reports whether ctx was marked by WithRecordFiles.
func RecordFiles(ctx context.Context) bool {
	v, _ := ctx.Value(recordFilesKey{}).(bool)
	return v
}
