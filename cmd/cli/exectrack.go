package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/plan"
	"github.com/kfc-dev/kfc/internal/esc"
	"github.com/kfc-dev/kfc/runtime/engine"
	"github.com/kfc-dev/kfc/runtime/manifest"
	"github.com/kfc-dev/kfc/runtime/tracking"
	"github.com/kfc-dev/kfc/runtime/tracking/recorder"
	"github.com/kfc-dev/kfc/runtime/tracking/where"
)

// execTracker records a kfc exec as one MLflow run (docs/tracking.md):
// the engine calls Begin once it holds the project lock, so a store that
// cannot be reached stops the run before any node starts.
type execTracker struct {
	opts   recorder.StartOptions
	p      *plan.Plan
	root   string
	stderr io.Writer
	rec    *recorder.Recorder
	// nodeRuns: each node that runs gets its own MLflow child run
	// (--node-runs, [tool.kfc] tracking.node_runs).
	nodeRuns bool
	pending  *pendingStore // the store being opened ahead (openAhead)
}

type openedStore struct {
	st  tracking.Store
	err error
}

// pendingStore is a store being opened on another goroutine, for the
// URI and project root it names; taken once.
type pendingStore struct {
	uri, root string
	opened    chan openedStore
	taken     bool
}

func openPending(o recorder.StartOptions) *pendingStore {
	s := &pendingStore{uri: o.URI, root: o.ProjectRoot, opened: make(chan openedStore, 1)}
	go func() {
		st, err := recorder.OpenStore(o)
		s.opened <- openedStore{st, err}
	}()
	return s
}

// is reports whether s opens the store uri names for the project root.
func (s *pendingStore) is(uri, root string) bool { return s != nil && s.uri == uri && s.root == root }

// take waits for the store, once; false when there is none or it was taken.
func (s *pendingStore) take() (openedStore, bool) {
	if s == nil || s.taken {
		return openedStore{}, false
	}
	s.taken = true
	return <-s.opened, true
}

// discard closes the store unless it was taken (nothing was written to it).
func (s *pendingStore) discard() {
	if o, ok := s.take(); ok && o.st != nil {
		o.st.Close()
	}
}

// openAhead starts opening the store while the run waits for the project
// lock and cleans stale runs, unless early is already opening it; Begin
// takes it, close drops it if no Begin came. A store opened before the
// lock is held is only read (its schema checked, or created as every kfc
// exec would create it).
func (t *execTracker) openAhead(early *pendingStore) {
	if early.is(t.opts.URI, t.opts.ProjectRoot) {
		t.pending = early
		return
	}
	early.discard()
	t.pending = openPending(t.opts)
}

// openEarly starts opening, before the run knows its tracking URI, the
// SQLite store the run that recorded the up-to-date stamp used, while
// the project is walked. It opens an existing database only (an open
// that creates one is left to the run, which may track elsewhere), and
// needs no variable: sqlite:///PATH and the project root name it. nil
// for another URI or a database that does not exist yet.
func openEarly(uri, root string) *pendingStore {
	if !strings.HasPrefix(uri, "sqlite:///") {
		return nil
	}
	p, _ := where.SQLitePath(where.Absolute(uri, root))
	if st, err := os.Stat(p); err != nil || !st.Mode().IsRegular() || st.Size() == 0 {
		return nil
	}
	return openPending(recorder.StartOptions{URI: uri, ProjectRoot: root})
}

// close closes a store opened ahead that no Begin took (the run stopped
// before it: another kfc exec with --no-wait, a bad kfc.lock).
func (t *execTracker) close() {
	if t != nil {
		t.pending.discard()
	}
}

// newExecTracker resolves where the run is tracked (MLflow's order, then
// mlflow.yml) and what it holds; nil when tracking is off, with the reason
// said once on stderr.
func newExecTracker(e *env, p *plan.Plan, root string, proj *config.Project, noTracking, optional, nodeRuns bool, commandLine []string, early *pendingStore, git *manifest.GitReading) *execTracker {
	cfg := recorder.ConfigFrom(proj.Get("mlflow"))
	abs, _ := filepath.Abs(root)
	pipelines := strings.Split(p.Pipeline, ",") // "a,b": --pipelines a,b
	if p.Pipeline == "" {
		pipelines = nil
	}
	w := where.Resolve(where.Input{Getenv: e.lookup, ProjectRoot: abs, ConfigURI: cfg.TrackingURI,
		DisabledPipelines: cfg.DisabledPipelines, Pipelines: pipelines, NoTracking: noTracking})
	if w.Disabled != "" {
		early.discard()
		if !noTracking {
			fmt.Fprintln(e.stderr, esc.Text(fmt.Sprintf("kfc: tracking off: %s", w.Disabled)))
		}
		return nil
	}
	o := recorder.ForPlan(p, cfg)
	o.URI, o.ProjectRoot, o.Optional, o.Getenv = w.URI, abs, optional, e.lookup
	o.Tags["kfc.command"] = strings.Join(commandLine, " ")
	if git != nil { // the run's manifest reads the same
		o.Git = git.Reading()
	}
	if cfg.Credentials != "" {
		o.Credentials = credentials(proj)[cfg.Credentials]
	}
	t := &execTracker{opts: o, p: p, root: abs, stderr: e.stderr, nodeRuns: nodeRuns}
	t.openAhead(early)
	return t
}

func (t *execTracker) Begin(ctx context.Context) (string, *manifest.Tracking, error) {
	if o, ok := t.pending.take(); ok {
		t.opts.Store, t.opts.OpenErr = o.st, o.err
	}
	rec, err := recorder.Start(ctx, t.opts)
	if err != nil {
		return "", nil, err
	}
	t.rec = rec
	for _, w := range rec.Warnings {
		fmt.Fprintln(t.stderr, esc.Text(fmt.Sprintf("kfc: warning: tracking: %s", w)))
	}
	if !rec.Enabled() {
		return "", nil, nil
	}
	id := rec.RunID()
	runDir := filepath.ToSlash(filepath.Join(plan.RunDir, id))
	if err := rec.SetTags(ctx, map[string]string{"kfc.run_id": id, "kfc.manifest": runDir + "/manifest.json"}); err != nil {
		t.warn(err)
	}
	return id, &manifest.Tracking{URI: withoutUserinfo(rec.URI()), ExperimentID: rec.ExperimentID(), RunID: id}, nil
}

// uri is the store the run is tracked in; "" when tracking is off.
func (t *execTracker) uri() string {
	if t == nil {
		return ""
	}
	return t.opts.URI
}

func (t *execTracker) Env() []string { return t.rec.Env() }

// NodeFinished logs the kedro-mlflow outputs (metrics, artifacts) of a
// node that ran, or that was skipped because its outputs are up to date,
// so that every run holds the whole pipeline's results.
func (t *execTracker) NodeFinished(n *plan.Node, r engine.NodeResult) {
	if t.nodeRuns {
		if err := t.rec.EndNode(context.Background(), n.ID, nodeRunStatus(r.Status), r.Duration); err != nil {
			t.warn(fmt.Errorf("node %s: ending its run: %w", n.Name, err))
		}
	}
	if r.Status != engine.Succeeded && r.Status != engine.Skipped {
		return
	}
	paths := map[string]string{}
	for _, a := range r.Outputs {
		if !a.External && a.Path != "" {
			paths[a.Name] = filepath.Join(t.root, filepath.FromSlash(a.Path))
		}
	}
	if err := t.rec.RecordNode(context.Background(), t.p, n, func(ds string) string { return paths[ds] }); err != nil {
		t.warn(fmt.Errorf("node %s: %w", n.Name, err))
	}
}

// NodeStarting gives a node about to run its own child run when node
// runs are on (engine.NodeTracker). A child run that cannot be created
// is a warning: the node then logs into the kfc run, as without node runs.
func (t *execTracker) NodeStarting(n *plan.Node) ([]string, error) {
	if !t.nodeRuns {
		return nil, nil
	}
	params := make(map[string]json.RawMessage, len(n.Parameters))
	for k, v := range n.Parameters {
		params[k] = json.RawMessage(v)
	}
	env, err := t.rec.StartNode(context.Background(), n.ID, n.Name, params)
	if err != nil {
		t.warn(fmt.Errorf("node %s: %w; it logs into the kfc run", n.Name, err))
		if id := t.rec.NodeRunID(n.ID); id != "" {
			// Created, but its params were refused: end it now.
			_ = t.rec.EndNode(context.Background(), n.ID, tracking.StatusFailed, 0)
		}
		return nil, nil
	}
	return env, nil
}

// nodeRunStatus is a node run's final status from its node's.
func nodeRunStatus(s string) tracking.Status {
	switch s {
	case engine.Succeeded:
		return tracking.StatusFinished
	case engine.Killed, engine.NotRun:
		return tracking.StatusKilled
	}
	return tracking.StatusFailed
}

func (t *execTracker) RunFinished(status string, _ *manifest.Manifest, runDir string) error {
	return t.rec.Finish(context.Background(), recorder.StatusOf(status),
		filepath.Join(runDir, "plan.json"), filepath.Join(runDir, "manifest.json"))
}

// abort ends a run the engine began but could not finish (a kfc bug, an
// unwritable run folder): it must not stay RUNNING.
func (t *execTracker) abort(status tracking.Status) {
	if t != nil && t.rec != nil {
		if err := t.rec.End(context.Background(), status); err != nil {
			t.warn(err)
		}
	}
}

func (t *execTracker) warn(err error) {
	fmt.Fprintln(t.stderr, esc.Text(fmt.Sprintf("kfc: warning: tracking: %v", err)))
}

// withoutUserinfo drops user:password@ from a server URI: the manifest
// never holds credentials.
func withoutUserinfo(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.User == nil {
		return uri
	}
	u.User = nil
	return u.String()
}
