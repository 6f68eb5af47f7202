package storetest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"testing"

	"github.com/kfc-dev/kfc/runtime/tracking"
)

// Env variables that turn a test binary into one logging process.
const (
	envHelper = "KFC_STORE_HELPER"
	envRun    = "KFC_STORE_RUN"
	envWorker = "KFC_STORE_WORKER"
)

// Points is how many metric points each worker process logs.
const Points = 300

// HelperProcess is the body of a TestHelperProcess: when started by
// Concurrent it opens the store at $KFC_STORE_HELPER and logs Points
// points of metric "m" (batches of 7), a param and a tag of its own, then
// exits; otherwise it returns at once.
func HelperProcess(open func(string) (tracking.Store, error)) {
	where := os.Getenv(envHelper)
	if where == "" {
		return
	}
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	s, err := open(where)
	if err != nil {
		fail(err)
	}
	run, worker := os.Getenv(envRun), os.Getenv(envWorker)
	w, _ := strconv.Atoi(worker)
	ctx := context.Background()
	var batch []tracking.Metric
	for i := 0; i < Points; i++ {
		batch = append(batch, tracking.Metric{Key: "m", Value: float64(w*Points + i), Timestamp: int64(1000 + i), Step: int64(i)})
		if len(batch) == 7 || i == Points-1 {
			if err := s.LogBatch(ctx, run, batch, nil, nil); err != nil {
				fail(err)
			}
			batch = nil
		}
	}
	if err := s.LogBatch(ctx, run, nil, []tracking.Param{{Key: "worker" + worker, Value: worker}, {Key: "shared", Value: "same"}},
		[]tracking.Tag{{Key: "tag" + worker, Value: worker}}); err != nil {
		fail(err)
	}
	if err := s.UpdateRun(ctx, run, tracking.StatusRunning, 0); err != nil {
		fail(err)
	}
	if err := s.Close(); err != nil {
		fail(err)
	}
	os.Exit(0)
}

// Concurrent starts n processes of this test binary (its TestHelperProcess)
// that log into one run of the store at where at the same time, then
// checks that every point, param and tag arrived whole.
func Concurrent(t *testing.T, s tracking.Store, where string, n int) {
	t.Helper()
	ctx := context.Background()
	info, err := s.CreateRun(ctx, tracking.CreateRunRequest{ExperimentID: "0", UserID: "ana", RunName: "parallel", StartTime: 1})
	if err != nil {
		t.Fatal(err)
	}
	var cmds []*exec.Cmd
	for w := 0; w < n; w++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
		cmd.Env = append(os.Environ(), envHelper+"="+where, envRun+"="+info.RunID, envWorker+"="+strconv.Itoa(w))
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	for _, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Fatalf("worker: %v", err)
		}
	}
	h, err := s.MetricHistory(ctx, info.RunID, "m")
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != n*Points {
		t.Fatalf("%d points, want %d", len(h), n*Points)
	}
	seen := map[float64]bool{}
	for _, m := range h {
		if seen[m.Value] || m.Timestamp != 1000+m.Step || int64(m.Value)%Points != m.Step {
			t.Fatalf("point %+v duplicated or torn", m)
		}
		seen[m.Value] = true
	}
	run, err := s.GetRun(ctx, info.RunID)
	if err != nil {
		t.Fatal(err)
	}
	if len(run.Params) != n+1 || len(run.Tags) != n+1 || run.Info.Status != tracking.StatusRunning {
		t.Fatalf("params %v tags %v status %v", run.Params, run.Tags, run.Info.Status)
	}
}
