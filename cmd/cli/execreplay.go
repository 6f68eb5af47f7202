package cli

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"maps"
	"reflect"
	"slices"

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

// slimPlan is p as a replay record keeps it: its header as JSON gives it
// back, and of each node only what replayRecord says (parameters nil
// when there are none); nil if the header does not encode.
func slimPlan(p *plan.Plan) *plan.Plan {
	h := *p
	h.Nodes, h.Datasets = nil, nil
	b, err := json.Marshal(&h)
	var s plan.Plan
	if err != nil || json.Unmarshal(b, &s) != nil {
		return nil
	}
	s.Nodes = make([]*plan.Node, len(p.Nodes))
	for i, n := range p.Nodes {
		s.Nodes[i] = &plan.Node{ID: n.ID, Name: n.Name, Command: plan.Command{EntryPoint: n.Command.EntryPoint}}
		if len(n.Parameters) > 0 {
			s.Nodes[i].Parameters = n.Parameters
		}
	}
	return &s
}

// The record is written by hand, not in gob: gob compiles its decoder
// for the plan's types on every run, ~1 ms before reading a byte. The
// format: a magic line, the plan header in JSON, then length-prefixed
// fields (uvarint lengths and counts); the node arrays and texts are
// used in place, without a copy.
const replayMagic = "kfc replay record 2\n"

// encodeReplay is r's bytes, or nil unless they decode to exactly r.
func encodeReplay(r *replayRecord) []byte {
	h := *r.Plan
	h.Nodes, h.Datasets = nil, nil
	header, err := json.Marshal(&h)
	if err != nil {
		return nil
	}
	b := append([]byte(replayMagic), nil...)
	field := func(s []byte) { b = append(binary.AppendUvarint(b, uint64(len(s))), s...) }
	field(header)
	field([]byte(r.PlanDigest))
	b = binary.AppendUvarint(b, uint64(len(r.Plan.Nodes)))
	for i, n := range r.Plan.Nodes {
		field([]byte(n.ID))
		field([]byte(n.Name))
		field([]byte(n.Command.EntryPoint))
		field([]byte(r.Run.Reasons[i]))
		b = binary.AppendUvarint(b, uint64(len(n.Parameters)))
		for _, k := range slices.Sorted(maps.Keys(n.Parameters)) {
			field([]byte(k))
			field(n.Parameters[k])
		}
	}
	for _, f := range [][]byte{r.Run.EndNodes, r.Run.Events, r.Run.Summary, []byte(r.Run.Count), r.Run.Markdown} {
		field(f)
	}
	if back, err := decodeReplay(b); err != nil || !reflect.DeepEqual(back, r) {
		return nil
	}
	return b
}

// decodeReplay reads encodeReplay's bytes; an error for anything else.
func decodeReplay(b []byte) (*replayRecord, error) {
	d := &replayReader{b: b}
	if !bytes.HasPrefix(b, []byte(replayMagic)) {
		return nil, errors.New("not a replay record")
	}
	d.b = b[len(replayMagic):]
	r := &replayRecord{Plan: &plan.Plan{}}
	if err := json.Unmarshal(d.bytes(), r.Plan); err != nil {
		return nil, err
	}
	r.PlanDigest = string(d.bytes())
	n := d.count()
	r.Plan.Nodes = make([]*plan.Node, 0, n)
	r.Run.Reasons = make([]string, 0, n)
	for range n {
		node := &plan.Node{ID: string(d.bytes()), Name: string(d.bytes())}
		node.Command.EntryPoint = string(d.bytes())
		r.Run.Reasons = append(r.Run.Reasons, string(d.bytes()))
		if k := d.count(); k > 0 {
			node.Parameters = make(map[string]plan.RawValue, k)
			for range k {
				key := string(d.bytes())
				node.Parameters[key] = d.bytes()
			}
		}
		r.Plan.Nodes = append(r.Plan.Nodes, node)
	}
	r.Run.EndNodes, r.Run.Events, r.Run.Summary = d.bytes(), d.bytes(), d.bytes()
	r.Run.Count, r.Run.Markdown = string(d.bytes()), d.bytes()
	if d.bad || len(d.b) != 0 {
		return nil, errors.New("a damaged replay record")
	}
	return r, nil
}

// replayReader reads length-prefixed fields; past a bad length every
// field is empty and bad is set.
type replayReader struct {
	b   []byte
	bad bool
}

func (d *replayReader) count() int {
	v, n := binary.Uvarint(d.b)
	if n <= 0 || v > uint64(len(d.b)) { // every counted item takes a byte at least
		d.bad, d.b = true, nil
		return 0
	}
	d.b = d.b[n:]
	return int(v)
}

func (d *replayReader) bytes() []byte {
	n := d.count()
	if n > len(d.b) {
		d.bad, d.b = true, nil
		return nil
	}
	f := d.b[:n:n]
	d.b = d.b[n:]
	return f
}

// loadReplay is the stamp's replay record for its plan; nil when there is
// none, it does not decode or it is not for this plan.
func (u *upToDate) loadReplay() *replayRecord {
	b := stamp.LoadReplay(u.root, u.id, u.old)
	if b == nil {
		return nil
	}
	r, err := decodeReplay(b)
	if err != nil || r.Plan.Hash == "" || r.PlanDigest != u.old.Plan {
		return nil
	}
	return r
}
