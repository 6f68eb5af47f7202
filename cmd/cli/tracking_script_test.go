package cli

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kfc-dev/kfc/runtime/tracking"
	"github.com/kfc-dev/kfc/runtime/tracking/recorder"
	"github.com/kfc-dev/kfc/runtime/tracking/rest/resttest"
	"github.com/rogpeppe/go-internal/testscript"
)

// Script commands for tracking tests, standing in for the kfc exec that
// starts and ends a run around the nodes:
//
//	mlflowserver            start an in-memory MLflow server; MLFLOW_TRACKING_URI points at it
//	startrun [key=value...] start a run as kfc exec would (uri=, experiment=, name=, start=MS, params:x=JSON,
//	                        tag:k=v) and set MLFLOW_RUN_ID, MLFLOW_EXPERIMENT_ID
//	endrun STATUS           end the last run started (FINISHED, FAILED, KILLED)
var trackingCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"mlflowserver": func(ts *testscript.TestScript, neg bool, args []string) {
		srv := resttest.New()
		ts.Defer(srv.Close)
		ts.Setenv("MLFLOW_TRACKING_URI", srv.URL)
	},
	"startrun": startRunCmd,
	"endrun": func(ts *testscript.TestScript, neg bool, args []string) {
		status := map[string]tracking.Status{"FINISHED": tracking.StatusFinished, "FAILED": tracking.StatusFailed, "KILLED": tracking.StatusKilled}
		if len(args) != 1 || status[args[0]] == 0 {
			ts.Fatalf("usage: endrun FINISHED|FAILED|KILLED")
		}
		scriptRuns.Lock()
		rec := scriptRuns.m[ts]
		scriptRuns.Unlock()
		if rec == nil {
			ts.Fatalf("endrun: no run started")
		}
		ts.Check(rec.End(context.Background(), status[args[0]]))
	},
}

var scriptRuns = struct {
	sync.Mutex
	m map[*testscript.TestScript]*recorder.Recorder
}{m: map[*testscript.TestScript]*recorder.Recorder{}}

func startRunCmd(ts *testscript.TestScript, neg bool, args []string) {
	o := recorder.StartOptions{ProjectRoot: ts.Getenv("WORK"), Params: map[string]json.RawMessage{},
		Tags: map[string]string{}, ParamsConfig: recorder.DefaultParamsConfig(), Getenv: ts.Getenv,
		SourceName: "kfc"}
	o.URI = ts.Getenv("MLFLOW_TRACKING_URI")
	for _, a := range args {
		k, v, ok := strings.Cut(a, "=")
		if !ok {
			ts.Fatalf("startrun: %q is not key=value", a)
		}
		switch {
		case k == "uri":
			o.URI = v
		case k == "experiment":
			o.Experiment = v
		case k == "name":
			o.RunName = v
		case k == "start":
			ms, err := strconv.ParseInt(v, 10, 64)
			ts.Check(err)
			o.Now = func() time.Time { return time.UnixMilli(ms) }
		case strings.HasPrefix(k, "params:"):
			o.Params[k] = json.RawMessage(v)
		case strings.HasPrefix(k, "tag:"):
			o.Tags[strings.TrimPrefix(k, "tag:")] = v
		default:
			ts.Fatalf("startrun: unknown key %q", k)
		}
	}
	if o.URI == "" {
		o.URI = "sqlite:///mlflow.db"
	}
	// The script's nodes must not nest under a run an earlier startrun exported.
	ts.Setenv("MLFLOW_RUN_ID", "")
	rec, err := recorder.Start(context.Background(), o)
	if neg {
		if err == nil {
			ts.Fatalf("startrun succeeded unexpectedly")
		}
		ts.Logf("%v", err)
		return
	}
	ts.Check(err)
	scriptRuns.Lock()
	scriptRuns.m[ts] = rec
	scriptRuns.Unlock()
	for _, kv := range rec.Env() {
		k, v, _ := strings.Cut(kv, "=")
		ts.Setenv(k, v)
	}
	ts.Logf("run %s", rec.RunID())
}
