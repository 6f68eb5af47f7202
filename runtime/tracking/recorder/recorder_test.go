package recorder_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kfc-dev/kfc/compiler/plan"
	"github.com/kfc-dev/kfc/runtime/tracking"
	"github.com/kfc-dev/kfc/runtime/tracking/internal/mlflowreader"
	"github.com/kfc-dev/kfc/runtime/tracking/recorder"
	"github.com/kfc-dev/kfc/runtime/tracking/rest"
	"github.com/kfc-dev/kfc/runtime/tracking/rest/resttest"
	"github.com/kfc-dev/kfc/runtime/tracking/where"
)

// handPlan is a small plan as kfc build writes it: two nodes consuming
// parameters, a metric, a metric history and an artifact dataset.
const handPlan = `{
  "datasets": {
    "accuracy": {"config": {"type": "kedro_mlflow.io.metrics.MlflowMetricDataset", "key": "acc"}, "consumers": [], "hash": "", "id": "dataset.accuracy", "name": "accuracy", "path": ".kfc/runs/{run_id}/data/accuracy", "persisted": false, "producer": "node.evaluate", "resolution": "explicit", "type": "kedro_mlflow.io.metrics.MlflowMetricDataset", "versioned": false},
    "loss_curve": {"config": {"type": "kedro_mlflow.io.metrics.MlflowMetricHistoryDataset"}, "consumers": [], "hash": "", "id": "dataset.loss_curve", "name": "loss_curve", "path": ".kfc/runs/{run_id}/data/loss_curve", "persisted": false, "producer": "node.train", "resolution": "explicit", "type": "kedro_mlflow.io.metrics.MlflowMetricHistoryDataset", "versioned": false},
    "report": {"config": {"type": "kedro_mlflow.io.artifacts.MlflowArtifactDataset", "artifact_path": "reports", "dataset": {"type": "text.TextDataset", "filepath": "data/08_reporting/report.txt"}}, "consumers": [], "hash": "", "id": "dataset.report", "name": "report", "path": "data/08_reporting/report.txt", "persisted": true, "producer": "node.evaluate", "resolution": "explicit", "type": "kedro_mlflow.io.artifacts.MlflowArtifactDataset", "versioned": false}
  },
  "env": "local", "hash": "sha256:feed", "kfc_version": "test",
  "nodes": [
    {"command": {"argv": ["python3", "train.py"]}, "depends_on": [], "hash": "", "id": "node.train", "inputs": [], "name": "train", "outputs": ["loss_curve"], "parameters": {"params:model": {"alpha": 0.5, "layers": [64, 32]}, "params:seed": 42}, "tags": []},
    {"command": {"argv": ["python3", "eval.py"]}, "depends_on": ["node.train"], "hash": "", "id": "node.evaluate", "inputs": [], "name": "evaluate", "outputs": ["accuracy", "report"], "parameters": {"params:seed": 42, "params:threshold": 0.9}, "tags": []}
  ],
  "parameters": {}, "pipeline": "__default__", "project": {"name": "demo", "package": "demo"}, "schema_version": "1", "selectors": {}
}`

func loadPlan(t *testing.T) *plan.Plan {
	t.Helper()
	var p plan.Plan
	if err := json.Unmarshal([]byte(handPlan), &p); err != nil {
		t.Fatal(err)
	}
	return &p
}

// simulate does what the engine does around the recorder: start, give
// the env to nodes, write the outputs, record them, log the plan, end.
func simulate(t *testing.T, root string, o recorder.StartOptions) *recorder.Recorder {
	t.Helper()
	ctx := context.Background()
	p := loadPlan(t)
	cfg := recorder.ConfigFrom(nil)
	cfg.Params.Flatten = true
	po := recorder.ForPlan(p, cfg)
	po.URI, po.ProjectRoot, po.Getenv = o.URI, root, o.Getenv
	o = po
	rec, err := recorder.Start(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	env := strings.Join(rec.Env(), "\n")
	for _, v := range []string{"MLFLOW_TRACKING_URI=" + o.URI, "MLFLOW_RUN_ID=" + rec.RunID(), "MLFLOW_EXPERIMENT_ID=" + rec.ExperimentID()} {
		if !strings.Contains(env, v) {
			t.Fatalf("env %q lacks %q", env, v)
		}
	}
	runDir := filepath.Join(root, ".kfc", "runs", "r1", "data")
	os.MkdirAll(runDir, 0o755)
	os.MkdirAll(filepath.Join(root, "data", "08_reporting"), 0o755)
	os.WriteFile(filepath.Join(runDir, "loss_curve"), []byte("[0.9, 0.5, NaN]"), 0o644)
	os.WriteFile(filepath.Join(runDir, "accuracy"), []byte("0.93\n"), 0o644)
	os.WriteFile(filepath.Join(root, "data", "08_reporting", "report.txt"), []byte("all good\n"), 0o644)
	for _, n := range p.Nodes {
		err := rec.RecordNode(ctx, p, n, func(name string) string {
			return filepath.Join(root, filepath.FromSlash(strings.ReplaceAll(p.Datasets[name].Path, "{run_id}", "r1")))
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	planFile := filepath.Join(root, ".kfc", "runs", "r1", "plan.json")
	os.WriteFile(planFile, []byte(handPlan), 0o644)
	if err := rec.Finish(ctx, recorder.StatusOf("FINISHED"), planFile); err != nil {
		t.Fatal(err)
	}
	return rec
}

func checkRun(t *testing.T, st tracking.Store, rec *recorder.Recorder) {
	t.Helper()
	ctx := context.Background()
	run, err := st.GetRun(ctx, rec.RunID())
	if err != nil {
		t.Fatal(err)
	}
	if run.Info.Status != tracking.StatusFinished || run.Info.EndTime == 0 || run.Info.RunName != "__default__" {
		t.Errorf("info: %+v", run.Info)
	}
	params := map[string]string{}
	for _, p := range run.Params {
		params[p.Key] = p.Value
	}
	want := map[string]string{"model.alpha": "0.5", "model.layers": "[64, 32]", "seed": "42", "threshold": "0.9"}
	for k, v := range want {
		if params[k] != v {
			t.Errorf("param %s = %q, want %q (all: %v)", k, params[k], v, params)
		}
	}
	if len(params) != len(want) {
		t.Errorf("params: %v", params)
	}
	tags := map[string]string{}
	for _, tg := range run.Tags {
		tags[tg.Key] = tg.Value
	}
	for k, v := range map[string]string{"mlflow.runName": "__default__", "mlflow.source.type": "LOCAL", "kfc.plan_hash": "sha256:feed", "kfc.env": "local"} {
		if tags[k] != v {
			t.Errorf("tag %s = %q, want %q", k, tags[k], v)
		}
	}
	if tags["mlflow.user"] == "" || !strings.Contains(tags["kfc.process"], ":") {
		t.Errorf("tags: %v", tags)
	}
	metrics := map[string]tracking.Metric{}
	for _, m := range run.Metrics {
		metrics[m.Key] = m
	}
	if m := metrics["acc"]; m.Value != 0.93 || m.Step != 0 {
		t.Errorf("acc: %+v", m)
	}
	if m := metrics["loss_curve"]; !math.IsNaN(m.Value) || m.Step != 2 {
		t.Errorf("loss_curve latest: %+v", m)
	}
	hist, err := st.MetricHistory(ctx, rec.RunID(), "loss_curve")
	if err != nil || len(hist) != 3 {
		t.Errorf("history: %v %v", hist, err)
	}
	arts, err := st.ListArtifacts(ctx, rec.RunID(), "")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range arts {
		names = append(names, a.Path)
	}
	if strings.Join(names, ",") != "kfc,reports" {
		t.Errorf("artifacts: %v", names)
	}
}

func TestRecorderSQLite(t *testing.T) {
	root := t.TempDir()
	uri := where.Resolve(where.Input{Getenv: func(string) string { return "" }, ProjectRoot: root}).URI
	rec := simulate(t, root, recorder.StartOptions{URI: uri})
	st, err := where.Open(uri, root)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	checkRun(t, st, rec)
	if _, err := os.Stat(filepath.Join(root, "mlruns")); err != nil {
		t.Errorf("the SQL store's artifacts go to <project>/mlruns: %v", err)
	}
}

func TestRecorderREST(t *testing.T) {
	srv := resttest.New()
	defer srv.Close()
	t.Setenv("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "1")
	root := t.TempDir()
	rec := simulate(t, root, recorder.StartOptions{URI: srv.URL})
	st, _ := rest.Open(srv.URL, rest.Options{Timeout: 5 * time.Second})
	checkRun(t, st, rec)
	if b, ok := srv.Artifact("1/" + rec.RunID() + "/artifacts/reports/report.txt"); !ok || string(b) != "all good\n" {
		t.Errorf("artifact through the proxy: %q %v", b, ok)
	}
}

func TestStartFailsBeforeAnyNodeWhenServerIsDown(t *testing.T) {
	srv := resttest.New()
	url := srv.URL
	srv.Close()
	t.Setenv("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
	o := recorder.StartOptions{URI: url, ProjectRoot: t.TempDir()}
	if _, err := recorder.Start(context.Background(), o); err == nil || !strings.Contains(err.Error(), "unreachable") {
		t.Fatalf("down server: %v", err)
	}
	o.Optional = true
	rec, err := recorder.Start(context.Background(), o)
	if err != nil || rec.Enabled() || len(rec.Env()) != 0 || len(rec.Warnings) != 1 {
		t.Fatalf("--tracking-optional: %v %+v", err, rec)
	}
	// A disabled recorder ignores everything.
	if err := rec.End(context.Background(), tracking.StatusFinished); err != nil {
		t.Fatal(err)
	}
}

func TestEndKeepsAStatusANodeSet(t *testing.T) {
	root := t.TempDir()
	uri := "sqlite:///mlflow.db"
	ctx := context.Background()
	rec, err := recorder.Start(ctx, recorder.StartOptions{URI: uri, ProjectRoot: root})
	if err != nil {
		t.Fatal(err)
	}
	// A node's MLflow client ended the run itself (mlflow.end_run()).
	st, _ := where.Open(uri, root)
	defer st.Close()
	if err := st.UpdateRun(ctx, rec.RunID(), tracking.StatusFinished, 5); err != nil {
		t.Fatal(err)
	}
	if err := rec.End(ctx, tracking.StatusFailed); err != nil {
		t.Fatal(err)
	}
	run, _ := st.GetRun(ctx, rec.RunID())
	if run.Info.Status != tracking.StatusFinished || run.Info.EndTime != 5 {
		t.Errorf("status set while not RUNNING: %+v", run.Info)
	}
}

func TestNestedUnderAnActiveRun(t *testing.T) {
	root := t.TempDir()
	uri := "sqlite:///mlflow.db"
	ctx := context.Background()
	outer, err := recorder.Start(ctx, recorder.StartOptions{URI: uri, ProjectRoot: root, Experiment: "outer"})
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"MLFLOW_RUN_ID": outer.RunID()}
	inner, err := recorder.Start(ctx, recorder.StartOptions{URI: uri, ProjectRoot: root, Experiment: "ignored", Nested: true,
		Getenv: func(k string) string { return env[k] }})
	if err != nil {
		t.Fatal(err)
	}
	st, _ := where.Open(uri, root)
	defer st.Close()
	run, _ := st.GetRun(ctx, inner.RunID())
	parent := ""
	for _, tg := range run.Tags {
		if tg.Key == "mlflow.parentRunId" {
			parent = tg.Value
		}
	}
	if parent != outer.RunID() || run.Info.ExperimentID != outer.ExperimentID() {
		t.Errorf("nested run: parent %q experiment %s", parent, run.Info.ExperimentID)
	}
}

// TestMain lets the test binary be the kfc that gets SIGKILLed.
func TestMain(m *testing.M) {
	if root := os.Getenv("KFC_TEST_CRASH_ROOT"); root != "" {
		rec, err := recorder.Start(context.Background(), recorder.StartOptions{URI: "sqlite:///mlflow.db", ProjectRoot: root, Experiment: "crash"})
		if err != nil {
			os.Stderr.WriteString(err.Error())
			os.Exit(1)
		}
		os.WriteFile(filepath.Join(root, "run_id"), []byte(rec.RunID()), 0o644)
		time.Sleep(time.Minute)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestSIGKILLedRunIsMarkedFailedByTheNextStart(t *testing.T) {
	root := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "KFC_TEST_CRASH_ROOT="+root)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var runID string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if b, err := os.ReadFile(filepath.Join(root, "run_id")); err == nil && len(b) == 32 {
			runID = string(b)
			break
		}
	}
	if runID == "" {
		cmd.Process.Kill()
		t.Fatal("the child never started its run")
	}
	ctx := context.Background()
	// While it lives, its run is left alone.
	alive, err := recorder.Start(ctx, recorder.StartOptions{URI: "sqlite:///mlflow.db", ProjectRoot: root, Experiment: "crash"})
	if err != nil {
		t.Fatal(err)
	}
	alive.End(ctx, tracking.StatusFinished)
	st, _ := where.Open("sqlite:///mlflow.db", root)
	defer st.Close()
	if run, _ := st.GetRun(ctx, runID); run.Info.Status != tracking.StatusRunning {
		t.Fatalf("a live kfc's run was touched: %v", run.Info.Status)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if run, _ := st.GetRun(ctx, runID); run.Info.Status != tracking.StatusRunning {
		t.Fatalf("after SIGKILL the store still says RUNNING, got %v", run.Info.Status)
	}
	next, err := recorder.Start(ctx, recorder.StartOptions{URI: "sqlite:///mlflow.db", ProjectRoot: root, Experiment: "crash"})
	if err != nil {
		t.Fatal(err)
	}
	defer next.End(ctx, tracking.StatusFinished)
	run, err := st.GetRun(ctx, runID)
	if err != nil {
		t.Fatal(err)
	}
	if run.Info.Status != tracking.StatusFailed || run.Info.EndTime == 0 {
		t.Fatalf("the dead kfc's run: %+v", run.Info)
	}
	note := ""
	for _, tg := range run.Tags {
		if tg.Key == "kfc.failure" {
			note = tg.Value
		}
	}
	if !strings.Contains(note, "ended without finishing") {
		t.Errorf("note: %q", note)
	}
	if len(next.Warnings) == 0 || !strings.Contains(strings.Join(next.Warnings, "\n"), runID) {
		t.Errorf("warnings: %v", next.Warnings)
	}
}

func TestRecorderFileStore(t *testing.T) {
	root := t.TempDir()
	uri := where.Absolute("mlruns", root)
	rec := simulate(t, root, recorder.StartOptions{URI: uri})
	st, err := where.Open(uri, root)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	checkRun(t, st, rec)
	// The next resolution finds the FileStore kfc just wrote.
	if w := where.Resolve(where.Input{Getenv: func(string) string { return "" }, ProjectRoot: root}); w.URI != uri {
		t.Errorf("resolution after a FileStore run: %+v", w)
	}
}

// TestMLflowReadsTheRecordedRun has MLflow's own store classes read the run
// the recorder wrote: params as Python's str() wrote them, the system tags,
// the final status.
func TestMLflowReadsTheRecordedRun(t *testing.T) {
	mlflowreader.Require(t)
	for _, kind := range []string{"sqlite", "file"} {
		t.Run(kind, func(t *testing.T) {
			root := t.TempDir()
			uri := where.Absolute("sqlite:///mlflow.db", root)
			if kind == "file" {
				uri = where.Absolute("mlruns", root)
			}
			rec := simulate(t, root, recorder.StartOptions{URI: uri})
			doc := mlflowreader.Read(t, uri)
			var found bool
			for _, r := range doc.Runs {
				if r.Info["run_id"] != rec.RunID() {
					continue
				}
				found = true
				if r.Params["model.layers"] != "[64, 32]" || r.Params["model.alpha"] != "0.5" || r.Params["seed"] != "42" {
					t.Errorf("params: %v", r.Params)
				}
				if r.Tags["mlflow.runName"] != "__default__" || r.Tags["mlflow.source.type"] != "LOCAL" || r.Tags["kfc.plan_hash"] != "sha256:feed" {
					t.Errorf("tags: %v", r.Tags)
				}
				if st := fmt.Sprint(r.Info["status"]); st != "FINISHED" && st != "3" {
					t.Errorf("status: %v", r.Info["status"])
				}
				if len(r.MetricHistory["loss_curve"]) != 3 {
					t.Errorf("history: %v", r.MetricHistory)
				}
			}
			if !found {
				t.Fatalf("MLflow does not see run %s: %+v", rec.RunID(), doc.Runs)
			}
		})
	}
}

func TestServerCredentialsFromMlflowYml(t *testing.T) {
	srv := resttest.New()
	defer srv.Close()
	srv.Username, srv.Password = "ana", "s3cret"
	t.Setenv("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
	o := recorder.StartOptions{URI: srv.URL, ProjectRoot: t.TempDir(), Getenv: func(string) string { return "" }}
	if _, err := recorder.Start(context.Background(), o); err == nil || !strings.Contains(err.Error(), "HTTP 401") {
		t.Fatalf("without credentials: %v", err)
	}
	o.Credentials = map[string]string{"MLFLOW_TRACKING_USERNAME": "ana", "MLFLOW_TRACKING_PASSWORD": "s3cret"}
	rec, err := recorder.Start(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	env := strings.Join(rec.Env(), "\n")
	if !strings.Contains(env, "MLFLOW_TRACKING_PASSWORD=s3cret") {
		t.Errorf("nodes need the credentials to log: %s", env)
	}
	_, _, tags, _ := srv.Run(rec.RunID())
	for k, v := range tags {
		if strings.Contains(v, "s3cret") {
			t.Errorf("tag %s holds the password", k)
		}
	}
	if err := rec.End(context.Background(), tracking.StatusKilled); err != nil {
		t.Fatal(err)
	}
	info, _, _, _ := srv.Run(rec.RunID())
	if info["status"] != "KILLED" {
		t.Errorf("status %v", info["status"])
	}
}

func TestEntryPointRun(t *testing.T) {
	root := t.TempDir()
	ctx := context.Background()
	p := &plan.Plan{Hash: "sha256:e", Nodes: []*plan.Node{{Name: "main", Command: plan.Command{Shell: "python train.py", EntryPoint: "main"},
		Parameters: map[string]plan.RawValue{"-P:alpha": plan.RawValue(`"0.5"`), "-P:data": plan.RawValue(`"my data.csv"`)}}}}
	o := recorder.ForPlan(p, recorder.ConfigFrom(nil))
	o.URI, o.ProjectRoot, o.Getenv = "sqlite:///mlflow.db", root, func(string) string { return "" }
	rec, err := recorder.Start(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	if err := rec.End(ctx, tracking.StatusFinished); err != nil {
		t.Fatal(err)
	}
	st, _ := where.Open(o.URI, root)
	defer st.Close()
	run, err := st.GetRun(ctx, rec.RunID())
	if err != nil {
		t.Fatal(err)
	}
	tags, params := map[string]string{}, map[string]string{}
	for _, tg := range run.Tags {
		tags[tg.Key] = tg.Value
	}
	for _, pm := range run.Params {
		params[pm.Key] = pm.Value
	}
	if params["data"] != "'my data.csv'" || params["alpha"] != "0.5" {
		t.Errorf("params as mlflow run logs them: %v", params)
	}
	if tags["mlflow.source.type"] != "PROJECT" || tags["mlflow.project.entryPoint"] != "main" || tags["mlflow.source.name"] != root {
		t.Errorf("tags: %v", tags)
	}
	if run.Info.RunName == "" || tags["mlflow.runName"] != run.Info.RunName {
		t.Errorf("an entry-point run gets the store's random name: %q %v", run.Info.RunName, tags["mlflow.runName"])
	}
	if run.Info.ExperimentID != "0" {
		t.Errorf("mlflow run's experiment is Default: %s", run.Info.ExperimentID)
	}
}

func TestMetricFileRefusedBeforeWriting(t *testing.T) {
	root := t.TempDir()
	ctx := context.Background()
	rec, err := recorder.Start(ctx, recorder.StartOptions{URI: "sqlite:///mlflow.db", ProjectRoot: root})
	if err != nil {
		t.Fatal(err)
	}
	defer rec.End(ctx, tracking.StatusFinished)
	f := filepath.Join(root, "m.json")
	os.WriteFile(f, []byte(`[1, 2, true]`), 0o644)
	err = rec.RecordOutput(ctx, "curve", recorder.TypeMetricHistory, nil, f)
	if err == nil || !strings.Contains(err.Error(), "boolean") {
		t.Fatalf("a bool point: %v", err)
	}
	os.WriteFile(f, []byte(`0.5`), 0o644)
	err = rec.RecordOutput(ctx, "m", recorder.TypeMetric, json.RawMessage(`{"key": "a*b"}`), f)
	if err == nil || !strings.Contains(err.Error(), `metric key "a*b"`) {
		t.Fatalf("a bad key: %v", err)
	}
	st, _ := where.Open("sqlite:///mlflow.db", root)
	defer st.Close()
	run, _ := st.GetRun(ctx, rec.RunID())
	if len(run.Metrics) != 0 {
		t.Fatalf("something was written: %+v", run.Metrics)
	}
}
