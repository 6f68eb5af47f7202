package cli

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/plan"
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
}

// newExecTracker resolves where the run is tracked (MLflow's order, then
// mlflow.yml) and what it holds; nil when tracking is off, with the reason
// said once on stderr.
func newExecTracker(e *env, p *plan.Plan, root string, proj *config.Project, noTracking, optional bool, commandLine []string) *execTracker {
	var mlflowYml = proj.Get("mlflow")
	cfg := recorder.ConfigFrom(mlflowYml)
	getenv := func(k string) string { v, _ := e.getenv(k); return v }
	abs, _ := filepath.Abs(root)
	pipelines := strings.Split(p.Pipeline, ",") // "a,b": --pipelines a,b
	if p.Pipeline == "" {
		pipelines = nil
	}
	w := where.Resolve(where.Input{Getenv: getenv, ProjectRoot: abs, ConfigURI: cfg.TrackingURI,
		DisabledPipelines: cfg.DisabledPipelines, Pipelines: pipelines, NoTracking: noTracking})
	if w.Disabled != "" {
		if !noTracking {
			fmt.Fprintf(e.stderr, "kfc: tracking off: %s\n", w.Disabled)
		}
		return nil
	}
	o := recorder.ForPlan(p, cfg)
	o.URI, o.ProjectRoot, o.Optional, o.Getenv = w.URI, abs, optional, getenv
	o.Tags["kfc.command"] = strings.Join(commandLine, " ")
	if cfg.Credentials != "" {
		o.Credentials = credentials(proj)[cfg.Credentials]
	}
	return &execTracker{opts: o, p: p, root: abs, stderr: e.stderr}
}

func (t *execTracker) Begin(ctx context.Context) (string, *manifest.Tracking, error) {
	rec, err := recorder.Start(ctx, t.opts)
	if err != nil {
		return "", nil, err
	}
	t.rec = rec
	for _, w := range rec.Warnings {
		fmt.Fprintf(t.stderr, "kfc: warning: tracking: %s\n", w)
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

func (t *execTracker) Env() []string { return t.rec.Env() }

// NodeFinished logs the kedro-mlflow outputs (metrics, artifacts) of a
// node that ran, or that was skipped because its outputs are up to date,
// so that every run holds the whole pipeline's results.
func (t *execTracker) NodeFinished(n *plan.Node, r engine.NodeResult) {
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
	fmt.Fprintf(t.stderr, "kfc: warning: tracking: %v\n", err)
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
