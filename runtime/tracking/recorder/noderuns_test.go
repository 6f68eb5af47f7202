package recorder_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/kfc-dev/kfc/runtime/tracking"
	"github.com/kfc-dev/kfc/runtime/tracking/recorder"
	"github.com/kfc-dev/kfc/runtime/tracking/rest/resttest"
	"github.com/kfc-dev/kfc/runtime/tracking/where"
)

func tagMap(tags []tracking.Tag) map[string]string {
	m := map[string]string{}
	for _, t := range tags {
		m[t.Key] = t.Value
	}
	return m
}

func TestNodeRunsAreChildrenOfTheRun(t *testing.T) {
	for _, uri := range []string{"sqlite:///mlflow.db", "file:./mlruns", "rest"} {
		t.Run(uri, func(t *testing.T) {
			if uri == "rest" {
				srv := resttest.New()
				defer srv.Close()
				t.Setenv("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "1")
				uri = srv.URL
			}
			root := t.TempDir()
			ctx := context.Background()
			p := loadPlan(t)
			cfg := recorder.ConfigFrom(nil)
			cfg.Params.Flatten = true
			o := recorder.ForPlan(p, cfg)
			clock := time.UnixMilli(1_000_000)
			o.URI, o.ProjectRoot, o.Now = uri, root, func() time.Time { return clock }
			rec, err := recorder.Start(ctx, o)
			if err != nil {
				t.Fatal(err)
			}
			// Two nodes start at once, as parallel nodes do.
			envs := make([][]string, len(p.Nodes))
			var wg sync.WaitGroup
			for i, n := range p.Nodes {
				wg.Add(1)
				go func() {
					defer wg.Done()
					params := map[string]json.RawMessage{}
					for k, v := range n.Parameters {
						params[k] = json.RawMessage(v)
					}
					env, err := rec.StartNode(ctx, n.ID, n.Name, params)
					if err != nil {
						t.Error(err)
					}
					envs[i] = env
				}()
			}
			wg.Wait()
			train := rec.NodeRunID("node.train")
			if train == "" || train == rec.RunID() || len(envs[0]) != 1 || envs[0][0] != "MLFLOW_RUN_ID="+train {
				t.Fatalf("train's env %v (run %s, child %s)", envs[0], rec.RunID(), train)
			}
			if err := rec.EndNode(ctx, "node.train", tracking.StatusFinished, 1500*time.Millisecond); err != nil {
				t.Fatal(err)
			}
			if rec.NodeRunID("node.train") != "" {
				t.Error("an ended node run is still open")
			}
			evaluate := rec.NodeRunID("node.evaluate")
			// evaluate never reports back: the run's end ends it with the run's status.
			if err := rec.End(ctx, tracking.StatusFailed); err != nil {
				t.Fatal(err)
			}
			st, err := where.Open(uri, root)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			run, err := st.GetRun(ctx, train)
			if err != nil {
				t.Fatal(err)
			}
			tags := tagMap(run.Tags)
			for k, v := range map[string]string{"mlflow.parentRunId": rec.RunID(), "mlflow.runName": "train", "kfc.node": "node.train", "kfc.plan_hash": "sha256:feed", "mlflow.source.type": "LOCAL"} {
				if tags[k] != v {
					t.Errorf("train tag %s = %q, want %q", k, tags[k], v)
				}
			}
			if tags["kfc.process"] == "" {
				t.Error("a node run without kfc.process is never marked FAILED after a crash")
			}
			params := map[string]string{}
			for _, p := range run.Params {
				params[p.Key] = p.Value
			}
			if len(params) != 3 || params["model.alpha"] != "0.5" || params["seed"] != "42" || params["model.layers"] != "[64, 32]" {
				t.Errorf("train params %v (its own consumed parameters only)", params)
			}
			if run.Info.Status != tracking.StatusFinished || run.Info.StartTime != 1_000_000 || run.Info.EndTime != 1_001_500 || run.Info.RunName != "train" || run.Info.ExperimentID != rec.ExperimentID() {
				t.Errorf("train info %+v", run.Info)
			}
			ev, _ := st.GetRun(ctx, evaluate)
			if ev.Info.Status != tracking.StatusFailed || len(ev.Params) != 2 {
				t.Errorf("evaluate: %+v %v", ev.Info, ev.Params)
			}
			parent, _ := st.GetRun(ctx, rec.RunID())
			if _, ok := tagMap(parent.Tags)["mlflow.parentRunId"]; ok || len(parent.Params) != 4 {
				t.Errorf("the kfc run itself: tags %v params %v", parent.Tags, parent.Params)
			}
		})
	}
}

func TestEndNodeKeepsTheStatusTheNodeSet(t *testing.T) {
	root := t.TempDir()
	ctx := context.Background()
	rec, err := recorder.Start(ctx, recorder.StartOptions{URI: "sqlite:///mlflow.db", ProjectRoot: root})
	if err != nil {
		t.Fatal(err)
	}
	defer rec.End(ctx, tracking.StatusFinished)
	if _, err := rec.StartNode(ctx, "node.a", "a", nil); err != nil {
		t.Fatal(err)
	}
	child := rec.NodeRunID("node.a")
	st, _ := where.Open("sqlite:///mlflow.db", root)
	defer st.Close()
	// The node's own mlflow.start_run() context ended its run.
	if err := st.UpdateRun(ctx, child, tracking.StatusKilled, 7); err != nil {
		t.Fatal(err)
	}
	if err := rec.EndNode(ctx, "node.a", tracking.StatusFinished, time.Second); err != nil {
		t.Fatal(err)
	}
	run, _ := st.GetRun(ctx, child)
	if run.Info.Status != tracking.StatusKilled || run.Info.EndTime != 7 {
		t.Errorf("node run changed after the node ended it: %+v", run.Info)
	}
	if err := rec.EndNode(ctx, "node.never", tracking.StatusFinished, 0); err != nil {
		t.Errorf("a node without a run: %v", err)
	}
}
