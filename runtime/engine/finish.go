package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/kfc-dev/kfc/internal/esc"
	"github.com/kfc-dev/kfc/runtime/lockfile"
	"github.com/kfc-dev/kfc/runtime/manifest"
)

const timeFormat = "2006-01-02T15:04:05.000Z"

// nodeFinished is called on the scheduler's goroutine once per node.
func (r *run) nodeFinished(i int, res NodeResult) {
	r.results[i] = res
	if res.Status == NotRun {
		r.con.event("not run %s: %s", r.p.Nodes[i].Name, res.Reason)
	}
	if r.opt.Tracker != nil {
		r.opt.Tracker.NodeFinished(r.p.Nodes[i], res)
	}
}

func (r *run) newManifest() *manifest.Manifest {
	m := &manifest.Manifest{
		SchemaVersion: "1",
		KfcVersion:    r.opt.KfcVersion,
		RunID:         r.id,
		PlanHash:      r.p.Hash,
		PlanFile:      "plan.json",
		Git:           r.git(),
		OS:            runtime.GOOS,
		Arch:          runtime.GOARCH,
		User:          currentUser(r.opt.Getenv),
		CommandLine:   r.opt.CommandLine,
		Env:           r.p.Env,
		Pipeline:      r.p.Pipeline,
		StartTime:     r.opt.Now().UTC().Format(timeFormat),
		Status:        StatusRunning,
		Tracking:      r.tracked,
	}
	if m.CommandLine == nil {
		m.CommandLine = []string{}
	}
	return m
}

// git is what the manifest records of the project's checkout.
func (r *run) git() manifest.Git {
	if r.opt.Git != nil {
		return r.opt.Git.Manifest()
	}
	return manifest.GitInfo(r.root)
}

func currentUser(getenv func(string) (string, bool)) string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u, ok := getenv("USER"); ok {
		return u
	}
	return ""
}

func (r *run) manifestNodes(results []NodeResult) []manifest.Node {
	out := make([]manifest.Node, len(r.p.Nodes))
	for i, n := range r.p.Nodes {
		res := results[i]
		params := map[string]json.RawMessage{}
		for k, v := range n.Parameters {
			params[k] = json.RawMessage(v)
		}
		cmd := res.Command
		if cmd == "" {
			cmd = commandString(n.Command)
		}
		st := res.Status
		if st == "" {
			st, res.Reason = NotRun, "not started yet"
		}
		mn := manifest.Node{ID: n.ID, Name: n.Name, Command: cmd, Parameters: params,
			Inputs: res.Inputs, Outputs: res.Outputs, ExitCode: res.ExitCode,
			DurationMS: res.Duration.Milliseconds(), Status: st, Reason: res.Reason}
		if res.Log != "" {
			mn.Log = strings.TrimPrefix(res.Log, r.runDir+"/")
		}
		if mn.Inputs == nil {
			mn.Inputs = []lockfile.Artifact{}
		}
		if mn.Outputs == nil {
			mn.Outputs = []lockfile.Artifact{}
		}
		out[i] = mn
	}
	return out
}

// finish writes the manifest's final state, the summary (and its Markdown
// copy to $GITHUB_STEP_SUMMARY) and tells the tracker.
func (r *run) finish(m *manifest.Manifest, results []NodeResult) *Result {
	res := &Result{RunID: r.id, Nodes: results, Manifest: r.manifestPath()}
	res.Status = StatusFinished
	for _, nr := range results {
		if nr.Status == Failed || nr.Status == NotRun {
			res.Status, res.ExitCode = StatusFailed, 1
		}
	}
	switch r.stopped() {
	case 0:
	case syscall.SIGINT:
		res.Status, res.ExitCode = StatusKilled, 130
	default:
		res.Status, res.ExitCode = StatusKilled, 143
	}
	m.Nodes = r.manifestNodes(results)
	settle := r.writeFinal(res, m, nil)
	r.report(res, m, summary(r.p.Nodes, results), countLine(results), markdownRows(r.p.Nodes, results))
	settle()
	if r.opt.RecordReplay {
		res.Replay = r.recordReplay(res, m.Nodes)
	}
	return res
}

func (r *run) manifestPath() string {
	return filepath.ToSlash(filepath.Join(r.runDir, "manifest.json"))
}

// writeFinal writes the manifest with res's status and the end time;
// nodes, when set, is its node array (manifest.EncodeNodes), else
// m.Nodes is encoded. The manifest is in place when it returns, and is
// synced meanwhile: settle waits for that (the summary and the tracker's
// end overlap it: two syncs of a no-op run's four), then removes the
// running marker, so a crash before leaves the run to the next one's
// cleanStale.
func (r *run) writeFinal(res *Result, m *manifest.Manifest, nodes []byte) (settle func()) {
	m.Status = res.Status
	m.EndTime = r.opt.Now().UTC().Format(timeFormat)
	failed := func(err error) {
		fmt.Fprintln(r.opt.Stderr, esc.Text(fmt.Sprintf("kfc: error: writing the manifest: %v", err)))
		if res.ExitCode == 0 {
			res.ExitCode = 1
		}
	}
	sync, err := manifest.WriteSyncLater(r.abs(res.Manifest), m, nodes)
	if err != nil {
		failed(err)
		return func() {}
	}
	synced := r.inBackground(sync)
	return func() {
		if err := <-synced; err != nil {
			failed(err)
			return
		}
		os.Remove(r.abs(r.runDir, runningMarker))
		r.markFinished()
	}
}

// report prints the summary table and the final line, appends the
// Markdown rows to $GITHUB_STEP_SUMMARY and tells the tracker.
func (r *run) report(res *Result, m *manifest.Manifest, table []byte, count string, rows []byte) {
	start, _ := time.Parse(timeFormat, m.StartTime)
	var b bytes.Buffer
	b.Write(table)
	fmt.Fprintln(&b, esc.Text(fmt.Sprintf("kfc exec: %s in %s: %s (run %s, %s)", res.Status, formatDuration(r.opt.Now().Sub(start)),
		count, r.id, res.Manifest)))
	r.opt.Stderr.Write(b.Bytes())
	if f, ok := r.opt.Getenv("GITHUB_STEP_SUMMARY"); ok && f != "" {
		if err := appendMarkdown(f, r.id, res.Status, count, rows); err != nil {
			fmt.Fprintln(r.opt.Stderr, esc.Text(fmt.Sprintf("kfc: warning: GITHUB_STEP_SUMMARY: %v", err)))
		}
	}
	if r.opt.Tracker != nil {
		if err := r.opt.Tracker.RunFinished(res.Status, m, r.abs(r.runDir)); err != nil {
			fmt.Fprintln(r.opt.Stderr, esc.Text(fmt.Sprintf("kfc: warning: tracking: %v", err)))
		}
	}
}
