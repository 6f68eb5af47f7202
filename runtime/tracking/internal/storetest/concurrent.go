package storetest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"

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
	if worker == "forever" { // logs until killed
		for i := 0; ; i++ {
			ms := make([]tracking.Metric, 50)
			for j := range ms {
				ms[j] = tracking.Metric{Key: "m" + strconv.Itoa(j%5), Value: float64(i), Timestamp: int64(i), Step: int64(j)}
			}
			ps := []tracking.Param{{Key: "p" + strconv.Itoa(i), Value: strconv.Itoa(i)}}
			ts := []tracking.Tag{{Key: "t", Value: strconv.Itoa(i)}, {Key: "mlflow.runName", Value: "n" + strconv.Itoa(i)}}
			if err := s.LogBatch(ctx, run, ms, ps, ts); err != nil {
				fail(err)
			}
		}
	}
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

// Killed starts a process that logs into a run without pause, SIGKILLs it
// mid-write, and checks that the run still reads whole (every metric line,
// param and tag complete) and takes further writes: a crash leaves nothing
// half written. It returns the run id.
func Killed(t *testing.T, s tracking.Store, where string) string {
	t.Helper()
	ctx := context.Background()
	info, err := s.CreateRun(ctx, tracking.CreateRunRequest{ExperimentID: "0", UserID: "ana", RunName: "doomed", StartTime: 1})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), envHelper+"="+where, envRun+"="+info.RunID, envWorker+"=forever")
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// kill once it has logged something
	deadline := time.Now().Add(10 * time.Second)
	for {
		run, err := s.GetRun(ctx, info.RunID)
		if err == nil && len(run.Params) >= 20 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the logging process wrote nothing: %v", err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	run, err := s.GetRun(ctx, info.RunID)
	if err != nil {
		t.Fatalf("after SIGKILL: %v", err)
	}
	for _, p := range run.Params {
		if p.Key != "p"+p.Value {
			t.Errorf("torn param %+v", p)
		}
	}
	for _, m := range run.Metrics {
		h, err := s.MetricHistory(ctx, info.RunID, m.Key)
		if err != nil {
			t.Fatalf("history after SIGKILL: %v", err)
		}
		for _, p := range h {
			if p.Value != float64(p.Timestamp) {
				t.Errorf("torn metric point %+v", p)
			}
		}
	}
	if run.Info.Status != tracking.StatusRunning {
		t.Errorf("status after SIGKILL = %v, want RUNNING", run.Info.Status)
	}
	if err := s.LogBatch(ctx, info.RunID, []tracking.Metric{{Key: "after", Value: 1, Timestamp: 1}}, nil, []tracking.Tag{{Key: "kfc.note", Value: "killed"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateRun(ctx, info.RunID, tracking.StatusFailed, 2); err != nil {
		t.Fatal(err)
	}
	return info.RunID
}
