package engine

import (
	"fmt"
	"strings"

	"github.com/kfc-dev/kfc/internal/esc"
	"github.com/kfc-dev/kfc/runtime/manifest"
)

// Replay is what a run in which every node was skipped wrote that follows
// from its plan and kfc.lock alone. When the caller knows that nothing
// changed since (cmd/cli's up-to-date stamp, docs/exec.md), every
// decision would be the same, so a run writes these bytes again instead
// of deciding the nodes: no kfc.lock read, no scheduler. What differs
// from run to run (run id, times, git, user, command line, tracking) is
// written as by any run.
type Replay struct {
	EndNodes []byte // the manifest's node array at the end (manifest.EncodeNodes)
	Events   []byte // the skip lines, in the plan's order, without their timestamps
	Summary  []byte // the summary table
	Count    string // "1000 skipped"
	Markdown []byte // the summary's Markdown rows
	Reasons  []string
}

// recordReplay is the run's Replay, or nil when it cannot be replayed
// (a node that was not skipped, a parameter the manifest cannot encode).
func (r *run) recordReplay(res *Result, nodes []manifest.Node) *Replay {
	if res.Status != StatusFinished || res.ExitCode != 0 || r.opt.Explain || r.opt.DryRun || r.opt.OnlyMissingOutputs || r.opt.TTY {
		return nil
	}
	rep := &Replay{Count: countLine(res.Nodes), Summary: summary(r.p.Nodes, res.Nodes), Markdown: markdownRows(r.p.Nodes, res.Nodes)}
	var events strings.Builder
	for i, n := range r.p.Nodes {
		nr := res.Nodes[i]
		if nr.Status != Skipped {
			return nil
		}
		rep.Reasons = append(rep.Reasons, nr.Reason)
		events.WriteString(esc.Text(fmt.Sprintf("skip %s: %s", n.Name, nr.Reason)))
		events.WriteByte('\n')
	}
	rep.Events = []byte(events.String())
	var err error
	if rep.EndNodes, err = manifest.EncodeNodes(nodes); err != nil {
		return nil
	}
	return rep
}

// replay writes rep as the run's manifest, console lines, summary and
// tracked nodes; the run folder is ready. It watches no signal: it
// starts no process and is over in milliseconds (a Ctrl-C meanwhile is
// ignored, as one after the run would be).
func (r *run) replay(rep *Replay) (*Result, error) {
	if len(rep.Reasons) != len(r.p.Nodes) {
		return nil, fmt.Errorf("replaying a run of %d nodes for a plan of %d", len(rep.Reasons), len(r.p.Nodes))
	}
	// No RUNNING manifest first, as a run that starts processes writes: a
	// replay is over in milliseconds, and if kfc is killed meanwhile the
	// running marker tells the next run (cleanStale). Writing and syncing
	// 1.4 MB twice was a twentieth of a no-op run of 1,000 nodes.
	m := r.newManifest()
	res := &Result{RunID: r.id, Status: StatusFinished, Manifest: r.manifestPath(), Replayed: true}
	r.con = newConsole(r.opt.Stdout, r.opt.Stderr, false, len(r.p.Nodes), r.opt.Now)
	r.con.event("kfc exec: run %s, %d nodes, save version %s", r.id, len(r.p.Nodes), r.version)
	r.con.lines(rep.Events)
	if t := r.opt.Tracker; t != nil {
		for i, n := range r.p.Nodes {
			t.NodeFinished(n, NodeResult{Status: Skipped, Reason: rep.Reasons[i]})
		}
	}
	settle := r.writeFinal(res, m, rep.EndNodes)
	r.report(res, m, rep.Summary, rep.Count, rep.Markdown)
	settle()
	return res, nil
}
