package rest_test

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kfc-dev/kfc/runtime/tracking"
	"github.com/kfc-dev/kfc/runtime/tracking/rest"
	"github.com/kfc-dev/kfc/runtime/tracking/rest/resttest"
)

func quick() rest.Options {
	return rest.Options{Timeout: 5 * time.Second, MaxRetries: 3, BackoffFactor: time.Millisecond, MaxBackoff: 10 * time.Millisecond}
}

func open(t *testing.T, srv *resttest.Server, o rest.Options) *rest.Store {
	t.Helper()
	st, err := rest.Open(srv.URL, o)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestExperimentAndRunLifecycle(t *testing.T) {
	srv := resttest.New()
	defer srv.Close()
	st := open(t, srv, quick())
	ctx := context.Background()
	if err := st.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	e, err := st.GetExperimentByName(ctx, "proj")
	if err != nil || e != nil {
		t.Fatalf("missing experiment: %v %v", e, err)
	}
	id, err := st.CreateExperiment(ctx, "proj", "", []tracking.Tag{{Key: "k", Value: "v"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateExperiment(ctx, "proj", "", nil); !rest.IsCode(err, "RESOURCE_ALREADY_EXISTS") {
		t.Fatalf("duplicate: %v", err)
	} else if !strings.Contains(err.Error(), "Experiment 'proj' already exists.") || !strings.Contains(err.Error(), "HTTP 400") {
		t.Fatalf("error text: %v", err)
	}
	e, err = st.GetExperimentByName(ctx, "proj")
	if err != nil || e.ID != id || e.Tags["k"] != "v" || e.ArtifactLocation != "mlflow-artifacts:/"+id {
		t.Fatalf("get-by-name: %+v %v", e, err)
	}
	info, err := st.CreateRun(ctx, tracking.CreateRunRequest{ExperimentID: id, RunName: "r1", StartTime: 1000, UserID: "me",
		Tags: []tracking.Tag{{Key: "mlflow.runName", Value: "r1"}}})
	if err != nil {
		t.Fatal(err)
	}
	if info.Status != tracking.StatusRunning || len(info.RunID) != 32 || info.RunName != "r1" {
		t.Fatalf("run info: %+v", info)
	}
	ms := []tracking.Metric{{Key: "loss", Value: 0.5, Timestamp: 1, Step: 0}, {Key: "loss", Value: math.NaN(), Timestamp: 2, Step: 1}}
	if err := st.LogBatch(ctx, info.RunID, ms, []tracking.Param{{Key: "a", Value: "1"}}, []tracking.Tag{{Key: "t", Value: "x"}}); err != nil {
		t.Fatal(err)
	}
	// Re-logging the same value is fine; a different one is MLflow's error.
	if err := st.LogBatch(ctx, info.RunID, nil, []tracking.Param{{Key: "a", Value: "1"}}, nil); err != nil {
		t.Fatal(err)
	}
	err = st.LogBatch(ctx, info.RunID, nil, []tracking.Param{{Key: "a", Value: "2"}}, nil)
	if !rest.IsCode(err, "INVALID_PARAMETER_VALUE") || !strings.Contains(err.Error(), "Changing param values is not allowed") {
		t.Fatalf("immutability: %v", err)
	}
	if err := st.UpdateRun(ctx, info.RunID, tracking.StatusFinished, 2000); err != nil {
		t.Fatal(err)
	}
	run, err := st.GetRun(ctx, info.RunID)
	if err != nil {
		t.Fatal(err)
	}
	if run.Info.Status != tracking.StatusFinished || run.Info.EndTime != 2000 || len(run.Params) != 1 || run.Params[0].Value != "1" {
		t.Fatalf("run: %+v", run)
	}
	if len(run.Metrics) != 1 || !math.IsNaN(run.Metrics[0].Value) || run.Metrics[0].Step != 1 {
		t.Fatalf("latest metric: %+v", run.Metrics)
	}
	hist, err := st.MetricHistory(ctx, info.RunID, "loss")
	if err != nil || len(hist) != 2 || hist[0].Value != 0.5 {
		t.Fatalf("history: %+v %v", hist, err)
	}
	runs, err := st.SearchRuns(ctx, []string{id}, 10)
	if err != nil || len(runs) != 1 || runs[0].Info.RunID != info.RunID {
		t.Fatalf("search: %v %v", runs, err)
	}
	if _, err := st.GetRun(ctx, "0123456789abcdef0123456789abcdef"); !rest.IsCode(err, "RESOURCE_DOES_NOT_EXIST") {
		t.Fatalf("missing run: %v", err)
	}
}

func TestLogBatchSplitsAtMLflowLimits(t *testing.T) {
	srv := resttest.New()
	defer srv.Close()
	st := open(t, srv, quick())
	ctx := context.Background()
	info, err := st.CreateRun(ctx, tracking.CreateRunRequest{ExperimentID: "0", StartTime: 1})
	if err != nil {
		t.Fatal(err)
	}
	var ms []tracking.Metric
	for i := range 2500 {
		ms = append(ms, tracking.Metric{Key: "m", Value: float64(i), Timestamp: 1, Step: int64(i)})
	}
	var ps []tracking.Param
	for i := range 250 {
		ps = append(ps, tracking.Param{Key: "p" + string(rune('a'+i%26)) + strings.Repeat("x", i/26), Value: "v"})
	}
	var ts []tracking.Tag
	for i := range 150 {
		ts = append(ts, tracking.Tag{Key: "t" + strings.Repeat("y", i), Value: "v"})
	}
	if err := st.LogBatch(ctx, info.RunID, ms, ps, ts); err != nil {
		t.Fatal(err)
	}
	total := resttest.BatchSizes{}
	for _, b := range srv.Batches {
		if b.Metrics > 1000 || b.Params > 100 || b.Tags > 100 || b.Metrics+b.Params+b.Tags > 1000 {
			t.Fatalf("over-limit batch %+v", b)
		}
		total.Metrics += b.Metrics
		total.Params += b.Params
		total.Tags += b.Tags
	}
	if total != (resttest.BatchSizes{Metrics: 2500, Params: 250, Tags: 150}) {
		t.Fatalf("sent %+v", total)
	}
	if len(srv.Batches) != 3 { // 2500 metrics + 400 params and tags, 1000 per request
		t.Fatalf("want 3 requests, got %d: %+v", len(srv.Batches), srv.Batches)
	}
}

func TestLimitsCheckedBeforeSending(t *testing.T) {
	srv := resttest.New()
	defer srv.Close()
	st := open(t, srv, quick())
	ctx := context.Background()
	info, _ := st.CreateRun(ctx, tracking.CreateRunRequest{ExperimentID: "0", StartTime: 1})
	ps := []tracking.Param{{Key: "ok", Value: "1"}, {Key: "long", Value: strings.Repeat("x", 6001)}}
	err := st.LogBatch(ctx, info.RunID, nil, ps, nil)
	var le *tracking.LimitError
	if !errors.As(err, &le) || !strings.Contains(err.Error(), `param "long"`) {
		t.Fatalf("want a limit error naming the param, got %v", err)
	}
	if srv.Requests["POST /api/2.0/mlflow/runs/log-batch"] != 0 {
		t.Fatal("a batch was sent although one value breaks a limit")
	}
}

func TestRetriesTransientFailures(t *testing.T) {
	srv := resttest.New()
	defer srv.Close()
	st := open(t, srv, quick())
	srv.FailNext(503, 429, 500)
	if _, err := st.CreateExperiment(context.Background(), "x", "", nil); err != nil {
		t.Fatalf("three transient failures within the retry budget: %v", err)
	}
	srv.FailNext(503, 503, 503, 503)
	_, err := st.CreateExperiment(context.Background(), "y", "", nil)
	if err == nil || !strings.Contains(err.Error(), "after 4 attempts") || !strings.Contains(err.Error(), "HTTP 503") {
		t.Fatalf("budget exhausted: %v", err)
	}
	srv.FailNext(400)
	if _, err := st.CreateExperiment(context.Background(), "z", "", nil); err == nil || strings.Contains(err.Error(), "attempts") {
		t.Fatalf("a 400 is not retried: %v", err)
	}
}

func TestAuth(t *testing.T) {
	srv := resttest.New()
	defer srv.Close()
	srv.Username, srv.Password = "u", "p"
	ctx := context.Background()
	if err := open(t, srv, quick()).Ping(ctx); err == nil || !strings.Contains(err.Error(), "HTTP 401") {
		t.Fatalf("no credentials: %v", err)
	}
	o, err := rest.FromEnv(func(k string) string {
		return map[string]string{"MLFLOW_TRACKING_USERNAME": "u", "MLFLOW_TRACKING_PASSWORD": "p", "MLFLOW_TRACKING_TOKEN": "ignored"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := open(t, srv, o).Ping(ctx); err != nil {
		t.Fatalf("basic auth wins over the token: %v", err)
	}
	srv.Username, srv.Token = "", "tok"
	o, _ = rest.FromEnv(func(k string) string { return map[string]string{"MLFLOW_TRACKING_TOKEN": "tok"}[k] })
	if err := open(t, srv, o).Ping(ctx); err != nil {
		t.Fatalf("bearer: %v", err)
	}
}

func TestFromEnv(t *testing.T) {
	o, err := rest.FromEnv(func(k string) string {
		return map[string]string{"MLFLOW_HTTP_REQUEST_TIMEOUT": "3", "MLFLOW_HTTP_REQUEST_MAX_RETRIES": "50", "MLFLOW_TRACKING_INSECURE_TLS": "true"}[k]
	})
	if err != nil || o.Timeout != 3*time.Second || o.MaxRetries != 10 || !o.InsecureTLS {
		t.Fatalf("%+v %v", o, err)
	}
	if _, err := rest.FromEnv(func(k string) string { return map[string]string{"MLFLOW_HTTP_REQUEST_TIMEOUT": "soon"}[k] }); err == nil || !strings.Contains(err.Error(), "MLFLOW_HTTP_REQUEST_TIMEOUT") {
		t.Fatalf("bad number: %v", err)
	}
}

func TestDownServerFailsFast(t *testing.T) {
	srv := resttest.New()
	url := srv.URL
	srv.Close()
	st, _ := rest.Open(url, quick())
	start := time.Now()
	err := st.Ping(context.Background())
	if err == nil || !strings.Contains(err.Error(), "unreachable") {
		t.Fatalf("down server: %v", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Fatal("ping kept retrying a dead server")
	}
}

func TestArtifactsThroughProxy(t *testing.T) {
	srv := resttest.New()
	defer srv.Close()
	st := open(t, srv, quick())
	ctx := context.Background()
	info, _ := st.CreateRun(ctx, tracking.CreateRunRequest{ExperimentID: "0", StartTime: 1})
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "plan.json"), []byte("{}\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "model", "sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "model", "sub", "w.bin"), []byte("abc"), 0o644)
	if err := st.LogArtifact(ctx, info.RunID, filepath.Join(dir, "plan.json"), ""); err != nil {
		t.Fatal(err)
	}
	if err := st.LogArtifact(ctx, info.RunID, filepath.Join(dir, "model"), "kfc"); err != nil {
		t.Fatal(err)
	}
	root := "0/" + info.RunID + "/artifacts/"
	if b, ok := srv.Artifact(root + "plan.json"); !ok || string(b) != "{}\n" {
		t.Fatalf("plan.json: %q %v", b, ok)
	}
	if b, ok := srv.Artifact(root + "kfc/model/sub/w.bin"); !ok || string(b) != "abc" {
		t.Fatalf("folder upload: %q %v", b, ok)
	}
	list, err := st.ListArtifacts(ctx, info.RunID, "")
	if err != nil || len(list) != 2 || list[0].Path != "kfc" || !list[0].IsDir || list[1].Path != "plan.json" || list[1].Size != 3 {
		t.Fatalf("list: %+v %v", list, err)
	}
	list, err = st.ListArtifacts(ctx, info.RunID, "kfc/model")
	if err != nil || len(list) != 1 || list[0].Path != "kfc/model/sub" {
		t.Fatalf("list sub: %+v %v", list, err)
	}
}

func TestArtifactsInALocalRootOfTheServer(t *testing.T) {
	srv := resttest.New()
	defer srv.Close()
	st := open(t, srv, quick())
	ctx := context.Background()
	root := t.TempDir()
	id, err := st.CreateExperiment(ctx, "local", "file://"+filepath.ToSlash(root), nil)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := st.CreateRun(ctx, tracking.CreateRunRequest{ExperimentID: id, StartTime: 1})
	f := filepath.Join(t.TempDir(), "m.txt")
	os.WriteFile(f, []byte("x"), 0o644)
	if err := st.LogArtifact(ctx, info.RunID, f, "d"); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(root, info.RunID, "artifacts", "d", "m.txt")); err != nil || string(b) != "x" {
		t.Fatalf("copied locally: %q %v", b, err)
	}
	list, err := st.ListArtifacts(ctx, info.RunID, "d")
	if err != nil || len(list) != 1 || list[0].Path != "d/m.txt" {
		t.Fatalf("list: %+v %v", list, err)
	}
	if srv.Requests["PUT /api/2.0/mlflow-artifacts/artifacts/"+id+"/"+info.RunID+"/artifacts/d/m.txt"] != 0 {
		t.Fatal("uploaded although the root is local")
	}
	id2, _ := st.CreateExperiment(ctx, "s3", "s3://bucket/x", nil)
	info2, _ := st.CreateRun(ctx, tracking.CreateRunRequest{ExperimentID: id2, StartTime: 1})
	if err := st.LogArtifact(ctx, info2.RunID, f, ""); err == nil || !strings.Contains(err.Error(), "s3://bucket/x/") {
		t.Fatalf("an object store root is refused with its URI: %v", err)
	}
}
