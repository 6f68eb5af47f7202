package engine

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/kfc-dev/kfc/compiler/plan"
	"github.com/kfc-dev/kfc/runtime/manifest"
)

// nodeTracker is a NodeTracker that gives each node its own MLFLOW_RUN_ID.
type nodeTracker struct {
	mu       sync.Mutex
	started  []string
	finished map[string]string
	failOn   string
}

func (t *nodeTracker) Begin(context.Context) (string, *manifest.Tracking, error) { return "", nil, nil }
func (t *nodeTracker) Env() []string                                             { return []string{"MLFLOW_RUN_ID=parent"} }
func (t *nodeTracker) NodeFinished(n *plan.Node, r NodeResult) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.finished[n.Name] = r.Status
}
func (t *nodeTracker) RunFinished(string, *manifest.Manifest, string) error { return nil }
func (t *nodeTracker) NodeStarting(n *plan.Node) ([]string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.started = append(t.started, n.Name)
	if n.Name == t.failOn {
		return nil, errors.New("store down")
	}
	return []string{"MLFLOW_RUN_ID=child-" + n.Name}, nil
}

func TestNodeTrackerEnvOverridesRunEnv(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "data/in.txt"), "x\n")
	p := fanPlan(2, "")
	for _, n := range p.Nodes {
		n.Command.Shell += `; echo "run=$MLFLOW_RUN_ID"`
	}
	tr := &nodeTracker{finished: map[string]string{}}
	_, log := runPlan(t, root, p, Options{Jobs: 2, Tracker: tr})
	for _, name := range []string{"makeout000", "makeout001", "join"} {
		if !strings.Contains(log, "["+name+"] run=child-"+name) {
			t.Errorf("node %s did not get its own MLFLOW_RUN_ID:\n%s", name, log)
		}
	}
	if len(tr.started) != 3 {
		t.Errorf("started %v", tr.started)
	}
	// Up-to-date nodes are never announced, but still finish.
	tr = &nodeTracker{finished: map[string]string{}}
	runPlan(t, root, p, Options{Jobs: 2, Tracker: tr})
	if len(tr.started) != 0 || tr.finished["join"] != Skipped {
		t.Errorf("skipped run: started %v finished %v", tr.started, tr.finished)
	}
}

func TestNodeTrackerErrorFailsTheNode(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "data/in.txt"), "x\n")
	p := fanPlan(1, "")
	tr := &nodeTracker{finished: map[string]string{}, failOn: "makeout000"}
	res, log := runPlan(t, root, p, Options{Jobs: 1, Tracker: tr})
	if r := res.Nodes[0]; r.Status != Failed || !strings.Contains(r.Reason, "tracking: store down") {
		t.Errorf("node: %s %q\n%s", r.Status, r.Reason, log)
	}
	if tr.finished["makeout000"] != Failed || tr.finished["join"] != NotRun {
		t.Errorf("finished %v", tr.finished)
	}
}
