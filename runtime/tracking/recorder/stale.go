package recorder

import (
	"context"
	"fmt"
	"time"

	"github.com/kfc-dev/kfc/runtime/tracking"
)

// markStale sets FAILED, with a note, on the RUNNING runs of the
// experiment that a kfc process on this host started and that process has
// ended (a crash or SIGKILL kept it from finishing them).
func markStale(ctx context.Context, st tracking.Store, expID string, now func() time.Time) []string {
	search := st.SearchRuns
	if rs, ok := st.(tracking.RunningSearcher); ok {
		search = rs.SearchRunningRuns // not every earlier run, filled in
	}
	runs, err := search(ctx, []string{expID}, 1000)
	if err != nil {
		return []string{"could not look for runs left RUNNING by a kfc that died: " + err.Error()}
	}
	var warnings []string
	for _, run := range runs {
		if run.Info.Status != tracking.StatusRunning {
			continue
		}
		proc := tagValue(run.Tags, TagKfcProcess)
		if proc == "" || !processGone(proc) {
			continue
		}
		note := fmt.Sprintf("kfc process %s ended without finishing this run (crash or SIGKILL); marked FAILED by the next kfc run at %s", proc, now().UTC().Format(time.RFC3339))
		tags := []tracking.Tag{{Key: TagKfcFailure, Value: note}}
		if tagValue(run.Tags, TagNote) == "" {
			tags = append(tags, tracking.Tag{Key: TagNote, Value: note})
		}
		if err := st.LogBatch(ctx, run.Info.RunID, nil, nil, tags); err != nil {
			warnings = append(warnings, fmt.Sprintf("run %s was left RUNNING by a kfc that died; marking it failed: %v", run.Info.RunID, err))
			continue
		}
		if err := st.UpdateRun(ctx, run.Info.RunID, tracking.StatusFailed, now().UnixMilli()); err != nil {
			warnings = append(warnings, fmt.Sprintf("run %s was left RUNNING by a kfc that died; marking it failed: %v", run.Info.RunID, err))
			continue
		}
		warnings = append(warnings, fmt.Sprintf("run %s (%s) was left RUNNING by kfc process %s, which is gone: marked FAILED", run.Info.RunID, run.Info.RunName, proc))
	}
	return warnings
}

func tagValue(tags []tracking.Tag, key string) string {
	for _, t := range tags {
		if t.Key == key {
			return t.Value
		}
	}
	return ""
}
