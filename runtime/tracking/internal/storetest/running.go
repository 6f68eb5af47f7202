package storetest

import (
	"context"
	"strconv"
	"testing"

	"github.com/kfc-dev/kfc/runtime/tracking"
)

// RunningRuns checks that s lists the RUNNING runs only
// (tracking.RunningSearcher, what the recorder looks for on every start),
// filled in, newest first, as SearchRuns lists all of them.
func RunningRuns(t *testing.T, s tracking.Store) {
	t.Helper()
	rs, ok := s.(tracking.RunningSearcher)
	if !ok {
		t.Fatalf("%T is not a tracking.RunningSearcher", s)
	}
	ctx := context.Background()
	var ids []string
	for i, st := range []tracking.Status{tracking.StatusFinished, tracking.StatusRunning, tracking.StatusFailed, tracking.StatusRunning} {
		info, err := s.CreateRun(ctx, tracking.CreateRunRequest{ExperimentID: "0", RunName: "r", StartTime: int64(1000 + i)})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.LogBatch(ctx, info.RunID, nil, nil, []tracking.Tag{{Key: "n", Value: strconv.Itoa(i)}}); err != nil {
			t.Fatal(err)
		}
		if st != tracking.StatusRunning {
			if err := s.UpdateRun(ctx, info.RunID, st, 2000); err != nil {
				t.Fatal(err)
			}
		}
		ids = append(ids, info.RunID)
	}
	all, err := s.SearchRuns(ctx, []string{"0"}, 0)
	if err != nil || len(all) != 4 {
		t.Fatalf("SearchRuns = %d runs, %v", len(all), err)
	}
	running, err := rs.SearchRunningRuns(ctx, []string{"0"}, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(running) != 2 || running[0].Info.RunID != ids[3] || running[1].Info.RunID != ids[1] {
		t.Fatalf("SearchRunningRuns = %v, want runs %s and %s", running, ids[3], ids[1])
	}
	for _, r := range running {
		if r.Info.Status != tracking.StatusRunning || len(r.Tags) == 0 {
			t.Errorf("run %s: status %s, tags %v", r.Info.RunID, r.Info.Status, r.Tags)
		}
	}
}
