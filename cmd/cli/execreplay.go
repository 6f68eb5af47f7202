package cli

import (
	"bytes"
	"encoding/gob"

	"github.com/kfc-dev/kfc/compiler/plan"
	"github.com/kfc-dev/kfc/runtime/engine"
	"github.com/kfc-dev/kfc/runtime/stamp"
	"github.com/kfc-dev/kfc/runtime/tracking/recorder"
)

// replayRecord is what a run from the stamp needs to write again what the
// run that recorded the stamp wrote (engine.Replay), without decoding the
// plan or kfc.lock: the plan's header and, of its nodes, what the tracker
// and the engine read (ids, names, parameters, entry points).
type replayRecord struct {
	Plan       *plan.Plan
	PlanDigest string // the stamp's plan: a record is for that plan only
	Run        engine.Replay
}

// replayable reports whether a run of p from the stamp can be replayed:
// a skipped node's outputs of a tracked type (kedro-mlflow metrics and
// artifacts) are logged to MLflow from the files, which a replay does
// not read.
func replayable(p *plan.Plan) bool {
	for _, n := range p.Nodes {
		for _, o := range n.Outputs {
			if ds := p.Datasets[o]; ds != nil && recorder.Tracked(ds.Type) {
				return false
			}
		}
	}
	return true
}

// slimPlan is p without its datasets and with only what replayRecord
// keeps of each node.
func slimPlan(p *plan.Plan) *plan.Plan {
	s := *p
	s.Datasets = nil
	s.Nodes = make([]*plan.Node, len(p.Nodes))
	for i, n := range p.Nodes {
		s.Nodes[i] = &plan.Node{ID: n.ID, Name: n.Name, Parameters: n.Parameters, Command: plan.Command{EntryPoint: n.Command.EntryPoint}}
	}
	return &s
}

func encodeReplay(r *replayRecord) []byte {
	var buf bytes.Buffer
	if gob.NewEncoder(&buf).Encode(r) != nil {
		return nil
	}
	return buf.Bytes()
}

// loadReplay is the stamp's replay record for its plan; nil when there is
// none, it does not decode or it is not for this plan.
func (u *upToDate) loadReplay() *replayRecord {
	b := stamp.LoadReplay(u.root, u.id, u.old)
	if b == nil {
		return nil
	}
	var r replayRecord
	if gob.NewDecoder(bytes.NewReader(b)).Decode(&r) != nil || r.Plan == nil || r.Plan.Hash == "" ||
		r.PlanDigest != u.old.Plan || len(r.Plan.Nodes) != len(r.Run.Reasons) {
		return nil
	}
	return &r
}
