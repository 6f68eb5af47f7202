package recorder

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/kfc-dev/kfc/runtime/tracking"
)

// TagKfcNode is a node run's kfc node id.
const TagKfcNode = "kfc.node"

// childRun is a node's MLflow run while its node runs.
type childRun struct {
	id    string
	start int64 // ms
}

// inheritedTags are the run tags a node run carries too: who and what
// ran it, and kfc.process, so that a node run a crashed kfc left RUNNING
// is marked FAILED like its parent (markStale).
var inheritedTags = map[string]bool{TagUser: true, TagSourceName: true, TagSourceType: true,
	TagGitCommit: true, TagGitBranch: true, TagGitRepoURL: true, TagKfcProcess: true, TagKfcProject: true,
	"kfc.plan_hash": true, "kfc.env": true, "kfc.pipeline": true, "kfc.version": true}

func inherited(tags []tracking.Tag) []tracking.Tag {
	var out []tracking.Tag
	for _, t := range tags {
		if inheritedTags[t.Key] {
			out = append(out, t)
		}
	}
	return out
}

// StartNode creates a node's own MLflow run, a child of this run
// (mlflow.parentRunId) in its experiment, named after the node, with the
// node's consumed parameters as its params (flattened and limited as the
// run's are), and returns the environment entries that make the node's
// MLflow client and `kfc log` log into it. Safe for several nodes at once.
// A disabled recorder returns nothing.
func (r *Recorder) StartNode(ctx context.Context, nodeID, nodeName string, parameters map[string]json.RawMessage) ([]string, error) {
	if !r.Enabled() {
		return nil, nil
	}
	var params RunParams
	var err error
	if ep := entryPointValues(parameters); ep != nil {
		params, err = EntryPointParams(ep)
	} else {
		params, err = PipelineParams(parameters, r.paramsConfig)
	}
	if err != nil {
		return nil, fmt.Errorf("node run params: %w", err)
	}
	tags := append([]tracking.Tag{}, r.childTags...)
	tags = append(tags, tracking.Tag{Key: TagParentRun, Value: r.run.RunID}, tracking.Tag{Key: TagRunName, Value: nodeName},
		tracking.Tag{Key: TagKfcNode, Value: nodeID}, tracking.Tag{Key: "kfc.run_id", Value: r.run.RunID})
	tags = append(tags, params.Tags...)
	for i, t := range tags {
		v, _, err := tracking.ValidateTag(t.Key, t.Value, true)
		if err != nil {
			return nil, err
		}
		tags[i].Value = v
	}
	sort.SliceStable(tags, func(i, j int) bool { return tags[i].Key < tags[j].Key })
	r.nodeMu.Lock()
	defer r.nodeMu.Unlock()
	start := r.now().UnixMilli()
	info, err := r.store.CreateRun(ctx, tracking.CreateRunRequest{ExperimentID: r.experiment, UserID: r.user,
		RunName: nodeName, StartTime: start, Tags: tags})
	if err != nil {
		return nil, fmt.Errorf("creating the node's MLflow run: %w", err)
	}
	if r.children == nil {
		r.children = map[string]childRun{}
	}
	r.children[nodeID] = childRun{id: info.RunID, start: start}
	if err := logChecked(ctx, r.store, info.RunID, nil, params.Params, nil); err != nil {
		return nil, fmt.Errorf("logging the node run's params: %w", err)
	}
	return []string{"MLFLOW_RUN_ID=" + info.RunID}, nil
}

// NodeRunID is the id of a node's open child run ("" when it has none).
func (r *Recorder) NodeRunID(nodeID string) string {
	if !r.Enabled() {
		return ""
	}
	r.nodeMu.Lock()
	defer r.nodeMu.Unlock()
	return r.children[nodeID].id
}

// EndNode ends a node's child run with status, at its start time plus
// the node's duration (now when that is unknown), while it is still
// RUNNING: the node's MLflow client may have ended it already. Nothing
// for a node without a child run.
func (r *Recorder) EndNode(ctx context.Context, nodeID string, status tracking.Status, d time.Duration) error {
	if !r.Enabled() {
		return nil
	}
	r.nodeMu.Lock()
	defer r.nodeMu.Unlock()
	c, ok := r.children[nodeID]
	if !ok {
		return nil
	}
	delete(r.children, nodeID)
	end := r.now().UnixMilli()
	if d > 0 {
		end = c.start + d.Milliseconds()
	}
	return r.endIfRunning(ctx, c.id, status, end)
}

// endChildren ends the node runs still open when the run ends (a node
// the engine never reported finished: a kfc bug, an abort).
func (r *Recorder) endChildren(ctx context.Context, status tracking.Status) {
	r.nodeMu.Lock()
	defer r.nodeMu.Unlock()
	for id, c := range r.children {
		if err := r.endIfRunning(ctx, c.id, status, r.now().UnixMilli()); err != nil {
			r.Warnings = append(r.Warnings, fmt.Sprintf("node run %s: %v", c.id, err))
		}
		delete(r.children, id)
	}
}

func (r *Recorder) endIfRunning(ctx context.Context, runID string, status tracking.Status, end int64) error {
	cur, err := r.store.GetRun(ctx, runID)
	if err != nil {
		return err
	}
	if cur.Info.Status != tracking.StatusRunning {
		return nil
	}
	return r.store.UpdateRun(ctx, runID, status, end)
}

// entryPointValues are an entry-point node's -P values, nil for a
// pipeline node.
func entryPointValues(parameters map[string]json.RawMessage) map[string]string {
	var out map[string]string
	for k, v := range parameters {
		name, ok := strings.CutPrefix(k, entryPointParam)
		if !ok {
			continue
		}
		var s string
		if json.Unmarshal(v, &s) != nil {
			s = string(v)
		}
		if out == nil {
			out = map[string]string{}
		}
		out[name] = s
	}
	return out
}
