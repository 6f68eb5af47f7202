// Package storetest holds the checks every local tracking store passes:
// the same scenario logged to any store must read back the same, through
// kfc and through MLflow's own store classes (internal/mlflowreader).
package storetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/runtime/tracking"
	"github.com/kfc-dev/kfc/runtime/tracking/internal/mlflowreader"
	"github.com/kfc-dev/kfc/runtime/tracking/localstore"
)

// Written is what Scenario logged.
type Written struct {
	ExperimentID string
	RunID        string
	Params       map[string]string
	Tags         map[string]string
	Latest       map[string]tracking.Metric
	History      map[string][]tracking.Metric
}

// Scenario logs one finished run with params, tags (nested keys too) and
// metrics that exercise MLflow's latest-value rule and float forms.
func Scenario(t testing.TB, s tracking.Store) *Written {
	t.Helper()
	ctx := context.Background()
	exp, err := s.CreateExperiment(ctx, "kfc scenario", "", []tracking.Tag{{Key: "team", Value: "ml"}})
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.CreateRun(ctx, tracking.CreateRunRequest{ExperimentID: exp, UserID: "ana", RunName: "__default__", StartTime: 1700000000000,
		Tags: []tracking.Tag{{Key: "mlflow.user", Value: "ana"}, {Key: "mlflow.source.type", Value: "LOCAL"}}})
	if err != nil {
		t.Fatal(err)
	}
	w := &Written{ExperimentID: exp, RunID: info.RunID,
		Params: map[string]string{"alpha": "0.5", "model/depth": "3", "empty": "", "flag": "True"},
		Tags: map[string]string{"mlflow.user": "ana", "mlflow.source.type": "LOCAL", "mlflow.runName": "__default__",
			"kfc.plan_hash": "abc123", "note": "two\nlines"},
		Latest:  map[string]tracking.Metric{},
		History: map[string][]tracking.Metric{},
	}
	var params []tracking.Param
	for k, v := range w.Params {
		params = append(params, tracking.Param{Key: k, Value: v})
	}
	sort.Slice(params, func(i, j int) bool { return params[i].Key < params[j].Key })
	metrics := []tracking.Metric{
		{Key: "loss", Value: 0.9, Timestamp: 1700000000100, Step: 0},
		{Key: "loss", Value: 0.5, Timestamp: 1700000000200, Step: 2},
		{Key: "loss", Value: 0.7, Timestamp: 1700000000300, Step: 1}, // later, but a lower step: not the latest
		{Key: "acc", Value: 1e-05, Timestamp: 1700000000100, Step: 0},
		{Key: "eval/f1", Value: 1e16, Timestamp: 1700000000100, Step: 0},
		{Key: "neg", Value: math.Copysign(0, -1), Timestamp: 1700000000100, Step: -3},
	}
	if err := s.LogBatch(ctx, info.RunID, metrics, params, []tracking.Tag{{Key: "kfc.plan_hash", Value: "abc123"}, {Key: "note", Value: "two\nlines"}}); err != nil {
		t.Fatal(err)
	}
	for _, m := range metrics {
		w.History[m.Key] = append(w.History[m.Key], m)
	}
	w.Latest["loss"] = metrics[1]
	w.Latest["acc"] = metrics[3]
	w.Latest["eval/f1"] = metrics[4]
	w.Latest["neg"] = metrics[5]
	if err := s.UpdateRun(ctx, info.RunID, tracking.StatusFinished, 1700000000999); err != nil {
		t.Fatal(err)
	}
	return w
}

// CheckKfc reads the scenario back through the store itself.
func CheckKfc(t testing.TB, s tracking.Store, w *Written) {
	t.Helper()
	ctx := context.Background()
	run, err := s.GetRun(ctx, w.RunID)
	if err != nil {
		t.Fatal(err)
	}
	if run.Info.Status != tracking.StatusFinished || run.Info.EndTime != 1700000000999 || run.Info.RunName != "__default__" || run.Info.UserID != "ana" || run.Info.ExperimentID != w.ExperimentID {
		t.Errorf("run info = %+v", run.Info)
	}
	got := map[string]string{}
	for _, p := range run.Params {
		got[p.Key] = p.Value
	}
	if fmt.Sprint(got) != fmt.Sprint(w.Params) {
		t.Errorf("params = %v, want %v", got, w.Params)
	}
	got = map[string]string{}
	for _, p := range run.Tags {
		got[p.Key] = p.Value
	}
	if fmt.Sprint(got) != fmt.Sprint(w.Tags) {
		t.Errorf("tags = %v, want %v", got, w.Tags)
	}
	if len(run.Metrics) != len(w.Latest) {
		t.Errorf("latest metrics = %+v", run.Metrics)
	}
	for _, m := range run.Metrics {
		if want := w.Latest[m.Key]; m != want {
			t.Errorf("latest %s = %+v, want %+v", m.Key, m, want)
		}
	}
	h, err := s.MetricHistory(ctx, w.RunID, "loss")
	if err != nil || len(h) != 3 {
		t.Errorf("history = %+v, %v", h, err)
	}
	runs, err := s.SearchRuns(ctx, []string{w.ExperimentID}, 10)
	if err != nil || len(runs) != 1 || runs[0].Info.RunID != w.RunID {
		t.Errorf("SearchRuns = %v, %v", runs, err)
	}
}

// CheckMLflow has MLflow's own store read uri and compares with w.
func CheckMLflow(t testing.TB, uri string, w *Written) {
	t.Helper()
	doc := mlflowreader.Read(t, uri)
	var found bool
	for _, r := range doc.Runs {
		if r.Info["run_id"] != w.RunID {
			continue
		}
		found = true
		if r.Info["status"] != "FINISHED" || r.Info["run_name"] != "__default__" || r.Info["experiment_id"] != w.ExperimentID ||
			r.Info["user_id"] != "ana" || num(r.Info["end_time"]) != 1700000000999 || num(r.Info["start_time"]) != 1700000000000 {
			t.Errorf("MLflow read run info %v", r.Info)
		}
		if fmt.Sprint(r.Params) != fmt.Sprint(w.Params) {
			t.Errorf("MLflow read params %v, want %v", r.Params, w.Params)
		}
		if fmt.Sprint(r.Tags) != fmt.Sprint(w.Tags) {
			t.Errorf("MLflow read tags %v, want %v", r.Tags, w.Tags)
		}
		if len(r.Metrics) != len(w.Latest) {
			t.Errorf("MLflow read latest metrics %v", r.Metrics)
		}
		for k, m := range w.Latest {
			g := r.Metrics[k]
			if !same(g["value"], m.Value) || num(g["step"]) != m.Step || num(g["timestamp"]) != m.Timestamp {
				t.Errorf("MLflow read latest %s = %v, want %+v", k, g, m)
			}
		}
		for k, hist := range w.History {
			g := r.MetricHistory[k]
			if len(g) != len(hist) {
				t.Errorf("MLflow read history %s = %v", k, g)
				continue
			}
			// MLflow's SQL store orders history by (timestamp, step, value), its
			// FileStore by line: compare as sets. SQLite keeps no sign on a zero
			// (it stores -0.0 as the integer 0), so zeros compare unsigned.
			seen := map[string]bool{}
			for _, p := range g {
				v := p["value"]
				if f, ok := v.(float64); ok {
					v = f + 0
				}
				seen[fmt.Sprint(v, num(p["step"]), num(p["timestamp"]))] = true
			}
			for _, p := range hist {
				if !seen[fmt.Sprint(p.Value+0, p.Step, p.Timestamp)] {
					t.Errorf("MLflow history %s lacks %+v (got %v)", k, p, g)
				}
			}
		}
	}
	if !found {
		t.Fatalf("MLflow does not see run %s (runs: %d)", w.RunID, len(doc.Runs))
	}
	if !contains(doc.SearchRuns.ActiveOnly, w.RunID) {
		t.Errorf("MLflow's search_runs does not list %s", w.RunID)
	}
	var names []string
	for _, e := range doc.Experiments {
		names = append(names, fmt.Sprint(e["name"]))
		if e["experiment_id"] == "0" && e["name"] != "Default" {
			t.Errorf("experiment 0 = %v", e)
		}
		if e["experiment_id"] == w.ExperimentID {
			if tags, _ := e["tags"].(map[string]any); tags["team"] != "ml" {
				t.Errorf("MLflow read experiment tags %v", e["tags"])
			}
		}
	}
	if !contains(names, "Default") || !contains(names, "kfc scenario") {
		t.Errorf("MLflow read experiments %v", names)
	}
}

func num(v any) int64 {
	f, _ := v.(float64)
	return int64(f)
}

func same(v any, want float64) bool {
	switch x := v.(type) {
	case float64:
		return x == want || (x == 0 && want == 0)
	case string: // the harness writes non-finite values as repr strings
		return (x == "nan" && math.IsNaN(want)) || (x == "inf" && math.IsInf(want, 1)) || (x == "-inf" && math.IsInf(want, -1))
	}
	return false
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// CheckRefusals: what MLflow's stores refuse on write, kfc's refuse too,
// and nothing of a refused batch is written.
func CheckRefusals(t testing.TB, s tracking.Store, w *Written, changedParamText string) {
	t.Helper()
	ctx := context.Background()
	info, err := s.CreateRun(ctx, tracking.CreateRunRequest{ExperimentID: w.ExperimentID, UserID: "ana", RunName: "r2", StartTime: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.LogBatch(ctx, info.RunID, nil, []tracking.Param{{Key: "p", Value: "1"}}, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.LogBatch(ctx, info.RunID, nil, []tracking.Param{{Key: "p", Value: "1"}}, nil); err != nil {
		t.Errorf("re-logging the same value: %v", err)
	}
	err = s.LogBatch(ctx, info.RunID, []tracking.Metric{{Key: "late", Value: 1, Timestamp: 1}}, []tracking.Param{{Key: "p", Value: "2"}}, []tracking.Tag{{Key: "late", Value: "x"}})
	if err == nil || err.Error() != strings.ReplaceAll(changedParamText, "RUNID", info.RunID) {
		t.Errorf("changed param: %v\nwant %s", err, strings.ReplaceAll(changedParamText, "RUNID", info.RunID))
	}
	if code(err) != localstore.InvalidParameterValue {
		t.Errorf("changed param code = %q", code(err))
	}
	run, err := s.GetRun(ctx, info.RunID)
	if err != nil {
		t.Fatal(err)
	}
	if len(run.Metrics) != 0 || len(run.Params) != 1 || len(run.Tags) != 1 {
		t.Errorf("a refused batch wrote something: %+v", run)
	}
	for _, bad := range []string{"../escape", "/abs", "a//b", "a/./b", "bad\x00key", "semi;colon", ""} {
		if err := s.LogBatch(ctx, info.RunID, nil, []tracking.Param{{Key: bad, Value: "v"}}, nil); code(err) != localstore.InvalidParameterValue {
			t.Errorf("param key %q: %v", bad, err)
		}
	}
	if err := s.LogBatch(ctx, info.RunID, nil, []tracking.Param{{Key: "d", Value: "1"}, {Key: "d", Value: "1"}}, nil); err == nil ||
		!strings.HasPrefix(err.Error(), "Duplicate parameter keys have been submitted: ['d'].") {
		t.Errorf("duplicate keys: %v", err)
	}
	if _, err := s.CreateRun(ctx, tracking.CreateRunRequest{ExperimentID: w.ExperimentID, RunName: "a", Tags: []tracking.Tag{{Key: "mlflow.runName", Value: "b"}}}); err == nil ||
		err.Error() != "Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values (run_name='a', mlflow.runName='b')." {
		t.Errorf("run name conflict: %v", err)
	}
	if err := s.LogBatch(ctx, "0123456789abcdef0123456789abcdef", nil, []tracking.Param{{Key: "x", Value: "1"}}, nil); code(err) != localstore.ResourceDoesNotExist {
		t.Errorf("unknown run: %v", err)
	}
	if _, err := s.CreateExperiment(ctx, "kfc scenario", "", nil); code(err) != localstore.ResourceAlreadyExists {
		t.Errorf("duplicate experiment: %v", err)
	}
}

func code(err error) string {
	var e *localstore.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// RequireReader skips t unless MLflow's own code can be run.
func RequireReader(t testing.TB) { mlflowreader.Require(t) }

// CheckArtifacts: a file and a folder copied under the run's artifact
// root, listed as MLflow lists them; paths leaving the root are refused.
func CheckArtifacts(t testing.TB, s tracking.Store, w *Written, tmp string) {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(tmp, "plan.json"), []byte(`{"a":1}`), 0o644))
	must(os.MkdirAll(filepath.Join(tmp, "model", "sub"), 0o755))
	must(os.WriteFile(filepath.Join(tmp, "model", "MLmodel"), []byte("flavors: {}\n"), 0o644))
	must(os.WriteFile(filepath.Join(tmp, "model", "sub", "w.bin"), []byte("xyz"), 0o644))
	must(s.LogArtifact(ctx, w.RunID, filepath.Join(tmp, "plan.json"), ""))
	must(s.LogArtifact(ctx, w.RunID, filepath.Join(tmp, "model"), "model"))
	got, err := s.ListArtifacts(ctx, w.RunID, "")
	must(err)
	if fmt.Sprint(got) != "[{model true 0} {plan.json false 7}]" {
		t.Errorf("root artifacts = %v", got)
	}
	got, err = s.ListArtifacts(ctx, w.RunID, "model")
	must(err)
	if fmt.Sprint(got) != "[{model/MLmodel false 12} {model/sub true 0}]" {
		t.Errorf("model artifacts = %v", got)
	}
	run, err := s.GetRun(ctx, w.RunID)
	must(err)
	dir, err := localstore.LocalPath(run.Info.ArtifactURI)
	must(err)
	if data, err := os.ReadFile(filepath.Join(dir, "model", "sub", "w.bin")); err != nil || string(data) != "xyz" {
		t.Errorf("copied file: %q %v", data, err)
	}
	if err := s.LogArtifact(ctx, w.RunID, filepath.Join(tmp, "plan.json"), "../../escape"); code(err) != localstore.InvalidParameterValue {
		t.Errorf("escaping artifact path: %v", err)
	}
}
