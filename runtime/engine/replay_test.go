package engine

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/kfc-dev/kfc/compiler/plan"
	"github.com/kfc-dev/kfc/runtime/lockfile"
)

// run ids, times and the run's own lines differ from run to run.
var runVolatile = regexp.MustCompile(`[0-9a-f]{32}|\d{4}-\d\d-\d\dT\d\d[.:]\d\d[.:]\d\d\.\d{3}Z|\d\d:\d\d:\d\d\.\d{3}|in \d+\.\ds|save version \S+`)

func manifestOf(t *testing.T, root string, res *Result) string {
	t.Helper()
	return runVolatile.ReplaceAllString(read(t, filepath.Join(root, filepath.FromSlash(res.Manifest))), "X")
}

// A replay writes what the run that recorded it wrote: the manifest at
// the start and the end, the console lines, the summary, the Markdown
// summary; it reads no kfc.lock (removed here) and runs no node.
func TestReplayWritesTheRecordedRun(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "data/in.txt"), "x\n")
	summary := filepath.Join(t.TempDir(), "summary.md")
	getenv := func(k string) (string, bool) { return summary, k == "GITHUB_STEP_SUMMARY" }
	p := fanPlan(5, "")
	p.Nodes[0].Parameters = map[string]plan.RawValue{"params:x": plan.RawValue(`{"b": 1, "a": [2]}`)}
	runPlan(t, root, p, Options{Jobs: 1, Getenv: getenv})
	os.Remove(summary)
	rec, recLog := runPlan(t, root, p, Options{Jobs: 1, Getenv: getenv, RecordReplay: true})
	if rec.Replay == nil {
		t.Fatal("no replay recorded after a run in which every node was skipped")
	}
	recSummary := read(t, summary)
	os.Remove(summary)
	recManifest := manifestOf(t, root, rec)

	lock, _ := lockfile.Read(root)
	os.Rename(filepath.Join(root, lockfile.FileName), filepath.Join(root, "kfc.lock.away"))
	rep, repLog := runPlan(t, root, p, Options{Jobs: 1, Getenv: getenv, UpToDate: true, Replay: rec.Replay,
		StillUpToDate: func() bool { return true }, FullPlan: func() (*plan.Plan, error) { t.Fatal("the whole plan was asked for"); return nil, nil }})
	if !rep.Replayed || rep.Status != StatusFinished || rep.ExitCode != 0 {
		t.Fatalf("replayed %v, status %s, exit %d", rep.Replayed, rep.Status, rep.ExitCode)
	}
	if a, b := runVolatile.ReplaceAllString(recLog, "X"), runVolatile.ReplaceAllString(repLog, "X"); a != b {
		t.Errorf("output differs:\nrecorded:\n%s\nreplayed:\n%s", a, b)
	}
	if got := manifestOf(t, root, rep); got != recManifest {
		t.Errorf("manifest differs:\nrecorded:\n%s\nreplayed:\n%s", recManifest, got)
	}
	if a, b := runVolatile.ReplaceAllString(recSummary, "X"), runVolatile.ReplaceAllString(read(t, summary), "X"); a != b {
		t.Errorf("step summary differs:\nrecorded:\n%s\nreplayed:\n%s", a, b)
	}
	if _, err := os.Stat(filepath.Join(root, ".kfc", "runs", rep.RunID, runningMarker)); err == nil {
		t.Error("the running marker was left")
	}
	os.Rename(filepath.Join(root, "kfc.lock.away"), filepath.Join(root, lockfile.FileName))

	// The recheck under the project lock fails: the whole plan is decided.
	write(t, filepath.Join(root, "data/in.txt"), "y\n")
	asked := false
	res, _ := runPlan(t, root, p, Options{Jobs: 1, UpToDate: true, Lock: lock, Replay: rec.Replay,
		StillUpToDate: func() bool { return false }, FullPlan: func() (*plan.Plan, error) { asked = true; return p, nil }})
	if res.Replayed || !asked || res.Nodes[0].Status != Succeeded {
		t.Errorf("rechecked: replayed %v, plan asked %v, nodes %v", res.Replayed, asked, res.Nodes)
	}
	// A run in which a node ran records no replay.
	write(t, filepath.Join(root, "data/in.txt"), "z\n")
	if res, _ := runPlan(t, root, p, Options{Jobs: 1, RecordReplay: true}); res.Replay != nil {
		t.Error("a replay recorded after a run in which nodes ran")
	}
}
