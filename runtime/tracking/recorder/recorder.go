// Package recorder records one kfc run as an MLflow run: it creates the
// run before any node starts, gives nodes the environment that makes
// MLflow's client (or `kfc log`) log into it, logs metrics and artifacts
// from the nodes' outputs and sets the final status.
package recorder

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/kfc-dev/kfc/runtime/internal/gitinfo"
	"github.com/kfc-dev/kfc/runtime/tracking"
	"github.com/kfc-dev/kfc/runtime/tracking/where"
)

// StartOptions describe the run to record.
type StartOptions struct {
	URI         string // the resolved tracking URI (where.Resolve)
	ProjectRoot string // absolute
	// Experiment is mlflow.yml tracking.experiment.name; "" means
	// MLFLOW_EXPERIMENT_NAME, else "Default". kedro-mlflow's template
	// writes the package name there; the caller passes that when the
	// project has no mlflow.yml.
	Experiment string
	// ExperimentArtifactLocation and ExperimentTags are
	// tracking.experiment.create_experiment_kwargs, used only when the
	// experiment is created.
	ExperimentArtifactLocation string
	ExperimentTags             map[string]string
	// RunName is mlflow.yml tracking.run.name; "" means the pipelines
	// joined with "+" (kedro-mlflow), or for an entry-point run MLflow's
	// own random name.
	RunName   string
	Pipelines []string
	// Nested is mlflow.yml tracking.run.nested (default true): when kfc
	// itself runs inside an MLflow run (MLFLOW_RUN_ID is set), its run
	// becomes a child of that one (mlflow.parentRunId).
	Nested bool
	// Params are the parameters the plan's nodes consume ("params:x" or
	// "parameters" -> JSON value); ParamsConfig is mlflow.yml's tracking.params.
	Params       map[string]json.RawMessage
	ParamsConfig ParamsConfig
	// EntryPoint and EntryPointParams make an `mlflow run`-style run: the
	// MLproject entry point and its parameter values (str() of each,
	// declared and extra), logged shlex-quoted as MLflow does.
	EntryPoint       string
	EntryPointParams map[string]string
	// Tags are added to the system tags: kfc.plan_hash, kfc.env,
	// kfc.pipeline, kfc.command, kfc.manifest, ...
	Tags map[string]string
	// SourceName is mlflow.source.name: sys.argv[0] for a pipeline run
	// (kfc's argv[0]); for an entry-point run MLflow's file://<repo>#<subdir>
	// or the project path, computed when empty.
	SourceName string
	// Git, when set, is the checkout holding ProjectRoot being read, for
	// the source tags and an entry point's source name (the caller reads
	// it once for the run's manifest too); else it is read here.
	Git *gitinfo.Reading
	// Optional: when the store cannot be reached or the run cannot be
	// created, Start returns a disabled Recorder and the reason as a
	// warning instead of an error (--tracking-optional).
	Optional bool
	// Credentials are the credentials.yml entry mlflow.yml's
	// server.credentials names (kedro-mlflow exports each key to the
	// environment): they override Getenv for the store and are added to
	// the nodes' environment (Env), never to a tag, param or log.
	Credentials map[string]string
	Getenv      func(string) string // os.Getenv when nil
	Now         func() time.Time    // time.Now when nil
	// Store, when set, is used instead of opening URI (tests, and a
	// store OpenStore opened ahead); OpenErr is OpenStore's error then.
	Store   tracking.Store
	OpenErr error
}

// OpenStore opens the store o names, as Start would: kfc exec opens it
// while the run still waits for the project lock and cleans stale runs
// (opening MLflow's SQLite schema is ~1.5 ms), then hands it to Start.
func OpenStore(o StartOptions) (tracking.Store, error) {
	return where.OpenEnv(o.URI, o.ProjectRoot, o.getenv())
}

// git is the checkout holding the project.
func (o StartOptions) git() gitinfo.State {
	if o.Git != nil {
		return o.Git.Wait()
	}
	return gitinfo.Start(o.ProjectRoot).Wait()
}

// getenv is o's Getenv with the credentials over it.
func (o StartOptions) getenv() func(string) string {
	base := o.Getenv
	if base == nil {
		base = os.Getenv
	}
	return func(k string) string {
		if v, ok := o.Credentials[k]; ok {
			return v
		}
		return base(k)
	}
}

// Recorder is one run being recorded. A nil or disabled Recorder ignores
// every call, so callers need not check.
type Recorder struct {
	store      tracking.Store
	uri        string
	run        tracking.RunInfo
	experiment string
	expName    string
	secretEnv  []string // server.credentials, for the nodes' MLflow client
	now        func() time.Time
	mu         sync.Mutex
	ended      bool
	// For node runs (noderuns.go): what a child run inherits, and the
	// children still open.
	paramsConfig ParamsConfig
	user         string
	childTags    []tracking.Tag
	nodeMu       sync.Mutex
	children     map[string]childRun
	// Warnings collected on the way (sanitised keys, truncations, stale runs marked FAILED).
	Warnings []string
}

// Start opens the store, checks that it answers, marks FAILED the runs
// of this experiment whose kfc process is gone, creates the run (RUNNING)
// and logs its params and tags. It fails before any node runs.
func Start(ctx context.Context, o StartOptions) (*Recorder, error) {
	r, err := start(ctx, o)
	if err != nil && o.Optional {
		return &Recorder{Warnings: []string{"tracking disabled (--tracking-optional): " + err.Error()}}, nil
	}
	return r, err
}

func start(ctx context.Context, o StartOptions) (*Recorder, error) {
	getenv := o.getenv()
	now := o.Now
	if now == nil {
		now = time.Now
	}
	st, err := o.Store, o.OpenErr
	if st == nil && err == nil {
		st, err = OpenStore(o)
	}
	if err != nil {
		return nil, fmt.Errorf("tracking store %s: %w", o.URI, err)
	}
	rec := &Recorder{store: st, uri: where.Absolute(o.URI, o.ProjectRoot), now: now}
	for k, v := range o.Credentials {
		rec.secretEnv = append(rec.secretEnv, k+"="+v)
	}
	sort.Strings(rec.secretEnv)
	fail := func(err error) (*Recorder, error) {
		st.Close()
		return nil, err
	}
	if p, ok := st.(interface{ Ping(context.Context) error }); ok {
		if err := p.Ping(ctx); err != nil && o.Optional {
			return fail(err)
		} else if err != nil {
			return fail(fmt.Errorf("%w; nothing was run (--tracking-optional runs without tracking when the store is down, --no-tracking turns tracking off)", err))
		}
	}
	// Everything that can be refused is computed before the run exists.
	var params RunParams
	if o.EntryPoint != "" {
		params, err = EntryPointParams(o.EntryPointParams)
	} else {
		params, err = PipelineParams(o.Params, o.ParamsConfig)
	}
	if err != nil {
		return fail(err)
	}
	rec.Warnings = append(rec.Warnings, params.Warnings...)

	parent := ""
	expID := ""
	if id := getenv("MLFLOW_RUN_ID"); id != "" && o.Nested {
		p, err := st.GetRun(ctx, id)
		if err != nil {
			return fail(fmt.Errorf("MLFLOW_RUN_ID %s (kfc runs nested in it, tracking.run.nested): %w", id, err))
		}
		parent, expID = id, p.Info.ExperimentID
	}
	if expID == "" {
		name := o.Experiment
		if name == "" {
			name = getenv("MLFLOW_EXPERIMENT_NAME")
		}
		if name == "" {
			name = "Default"
		}
		if expID, err = ensureExperiment(ctx, st, name, o); err != nil {
			return fail(err)
		}
		rec.expName = name
	}
	rec.experiment = expID
	rec.Warnings = append(rec.Warnings, markStale(ctx, st, expID, now)...)

	runName := o.RunName
	if runName == "" && o.EntryPoint == "" {
		pl := o.Pipelines
		if len(pl) == 0 {
			pl = []string{"__default__"}
		}
		runName = strings.Join(pl, "+")
	}
	checkout := o.git()
	src := o.SourceName
	if src == "" {
		if o.EntryPoint != "" {
			src = projectSource(o.ProjectRoot, checkout.Top)
		} else if len(os.Args) > 0 {
			src = os.Args[0]
		}
	}
	extra := map[string]string{TagKfcProcess: processTag(), TagKfcProject: o.ProjectRoot}
	for k, v := range o.Tags {
		extra[k] = v
	}
	for _, t := range params.Tags {
		extra[t.Key] = t.Value
	}
	tags := SystemTags(SourceInfo{User: CurrentUser(getenv), SourceName: src, EntryPoint: o.EntryPoint,
		RunName: runName, ParentRun: parent, Git: headGit(checkout.Head)}, extra)
	for i, t := range tags {
		v, truncated, err := tracking.ValidateTag(t.Key, t.Value, true)
		if err != nil {
			return fail(err)
		}
		if truncated {
			rec.Warnings = append(rec.Warnings, fmt.Sprintf("tag %q truncated to %d characters", t.Key, tracking.MaxTagValueLength))
		}
		tags[i].Value = v
	}
	info, err := st.CreateRun(ctx, tracking.CreateRunRequest{ExperimentID: expID, UserID: CurrentUser(getenv),
		RunName: runName, StartTime: now().UnixMilli(), Tags: tags})
	if err != nil {
		return fail(fmt.Errorf("creating the MLflow run: %w", err))
	}
	rec.run = *info
	rec.paramsConfig, rec.user, rec.childTags = o.ParamsConfig, CurrentUser(getenv), inherited(tags)
	if err := logChecked(ctx, st, info.RunID, nil, params.Params, nil); err != nil {
		_ = st.UpdateRun(ctx, info.RunID, tracking.StatusFailed, now().UnixMilli())
		return fail(fmt.Errorf("logging the run's params: %w", err))
	}
	return rec, nil
}

func ensureExperiment(ctx context.Context, st tracking.Store, name string, o StartOptions) (string, error) {
	if n := len([]rune(name)); n > tracking.MaxExperimentNameLength {
		return "", fmt.Errorf("experiment name is %d characters long; MLflow allows at most %d", n, tracking.MaxExperimentNameLength)
	}
	e, err := st.GetExperimentByName(ctx, name)
	if err != nil {
		return "", err
	}
	if e != nil {
		if e.LifecycleStage == "deleted" {
			return "", fmt.Errorf("experiment %q is deleted; restore it (mlflow experiments restore --experiment-id %s) or choose another name", name, e.ID)
		}
		return e.ID, nil
	}
	var tags []tracking.Tag
	for k, v := range o.ExperimentTags {
		tags = append(tags, tracking.Tag{Key: k, Value: v})
	}
	id, err := st.CreateExperiment(ctx, name, o.ExperimentArtifactLocation, tags)
	if err != nil {
		// Another process may have created it meanwhile.
		if e, err2 := st.GetExperimentByName(ctx, name); err2 == nil && e != nil {
			return e.ID, nil
		}
		return "", err
	}
	return id, nil
}

// projectSource is mlflow.source.name for an MLproject run of a local
// project: file://<repository>#<subdir> inside a git work tree (top is its
// top folder), the project's path otherwise (_get_git_url_if_present).
func projectSource(root, top string) string {
	if top == "" {
		return root
	}
	rel := strings.TrimPrefix(strings.TrimPrefix(root, top), "/")
	if rel == "" {
		return "file://" + top
	}
	return "file://" + top + "#" + rel
}

// Enabled reports whether the recorder records anything.
func (r *Recorder) Enabled() bool { return r != nil && r.store != nil }

// RunID is the MLflow run id ("" when disabled).
func (r *Recorder) RunID() string {
	if !r.Enabled() {
		return ""
	}
	return r.run.RunID
}

// ExperimentID is the run's experiment id ("" when disabled).
func (r *Recorder) ExperimentID() string {
	if !r.Enabled() {
		return ""
	}
	return r.experiment
}

// Env is what every node's environment gets so that MLflow's client and
// `kfc log` log into this run: MLFLOW_TRACKING_URI, MLFLOW_RUN_ID,
// MLFLOW_EXPERIMENT_ID, and MLFLOW_EXPERIMENT_NAME when kfc chose the
// experiment by name, so that a different MLFLOW_EXPERIMENT_NAME in the
// caller's shell cannot make the node's start_run() refuse the run.
// Nothing when disabled.
func (r *Recorder) Env() []string {
	if !r.Enabled() {
		return nil
	}
	env := []string{"MLFLOW_TRACKING_URI=" + r.uri, "MLFLOW_RUN_ID=" + r.run.RunID, "MLFLOW_EXPERIMENT_ID=" + r.experiment}
	if r.expName != "" {
		env = append(env, "MLFLOW_EXPERIMENT_NAME="+r.expName)
	}
	return append(env, r.secretEnv...)
}

// LogMetrics logs metric points (limits checked, split into batches).
func (r *Recorder) LogMetrics(ctx context.Context, ms []tracking.Metric) error {
	if !r.Enabled() || len(ms) == 0 {
		return nil
	}
	return logChecked(ctx, r.store, r.run.RunID, ms, nil, nil)
}

// SetTags sets run tags.
func (r *Recorder) SetTags(ctx context.Context, tags map[string]string) error {
	if !r.Enabled() || len(tags) == 0 {
		return nil
	}
	var list []tracking.Tag
	for k, v := range tags {
		v, _, err := tracking.ValidateTag(k, v, true)
		if err != nil {
			return err
		}
		list = append(list, tracking.Tag{Key: k, Value: v})
	}
	return logChecked(ctx, r.store, r.run.RunID, nil, nil, list)
}

// LogArtifact copies a local file or folder into the run's artifacts,
// under artifactPath ("" for the root).
func (r *Recorder) LogArtifact(ctx context.Context, local, artifactPath string) error {
	if !r.Enabled() {
		return nil
	}
	return r.store.LogArtifact(ctx, r.run.RunID, local, artifactPath)
}

// End sets the final status (FINISHED, FAILED or KILLED) and end time,
// only while the run is still RUNNING: a node's MLflow client may have
// ended it already, and `mlflow run` also leaves such a run as it is.
// It closes the store; later calls do nothing.
func (r *Recorder) End(ctx context.Context, status tracking.Status) error {
	if !r.Enabled() {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ended {
		return nil
	}
	r.ended = true
	defer r.store.Close()
	cur, err := r.store.GetRun(ctx, r.run.RunID)
	if err != nil {
		return err
	}
	r.endChildren(ctx, status)
	if cur.Info.Status != tracking.StatusRunning {
		return nil
	}
	return r.store.UpdateRun(ctx, r.run.RunID, status, r.now().UnixMilli())
}

// URI is the run's tracking URI, absolute ("" when disabled), for the manifest.
func (r *Recorder) URI() string {
	if !r.Enabled() {
		return ""
	}
	return r.uri
}

// StatusOf maps a run status name (the manifest's and the engine's
// FINISHED, FAILED, KILLED, any case) to MLflow's; anything else is FAILED.
func StatusOf(name string) tracking.Status {
	switch strings.ToUpper(name) {
	case "FINISHED":
		return tracking.StatusFinished
	case "KILLED":
		return tracking.StatusKilled
	}
	return tracking.StatusFailed
}

// Finish logs files (the plan, the manifest) under the run's kfc/
// artifact folder, then ends the run with status (End). An artifact that
// cannot be logged does not keep the status from being set; the first
// error is returned.
func (r *Recorder) Finish(ctx context.Context, status tracking.Status, files ...string) error {
	if !r.Enabled() {
		return nil
	}
	var first error
	records := tracking.WithRecordFiles(ctx) // replaced by rename only: linked where they can be
	for _, f := range files {
		if err := r.LogArtifact(records, f, "kfc"); err != nil && first == nil {
			first = fmt.Errorf("logging %s to the MLflow run: %w", f, err)
		}
	}
	if err := r.End(ctx, status); err != nil && first == nil {
		first = err
	}
	return first
}

// logChecked checks MLflow's limits on everything first, in the pieces a
// server would receive, so that nothing of a refused batch is written.
func logChecked(ctx context.Context, st tracking.Store, runID string, ms []tracking.Metric, ps []tracking.Param, ts []tracking.Tag) error {
	for _, b := range tracking.SplitBatches(ms, ps, ts) {
		if err := tracking.ValidateBatch(b.Metrics, b.Params, b.Tags); err != nil {
			return err
		}
	}
	return st.LogBatch(ctx, runID, ms, ps, ts)
}
