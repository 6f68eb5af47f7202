package cli

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/kfc-dev/kfc/compiler/plan"
	"github.com/kfc-dev/kfc/runtime/engine"
	"github.com/kfc-dev/kfc/runtime/tracking/recorder"
)

func sampleReplay() *replayRecord {
	p := &plan.Plan{Hash: "h", Env: "local", Pipeline: "__default__", KfcVersion: "v", Project: plan.Project{Name: "Demo", Package: "demo"},
		Parameters: plan.RawValue(`{"a":1}`), Selectors: plan.Selectors{Tags: []string{"t"}},
		Nodes: []*plan.Node{
			{ID: "node.a", Name: "a", Parameters: map[string]plan.RawValue{"params:x": plan.RawValue("1"), "params:é": plan.RawValue(`"日本"`)}, Outputs: []string{"o"}},
			{ID: "node.b", Name: "b\x00odd", Command: plan.Command{EntryPoint: "main", Shell: "true"}, Parameters: map[string]plan.RawValue{}},
		}}
	return &replayRecord{Plan: slimPlan(p), PlanDigest: "d", Run: engine.Replay{Reasons: []string{"up to date", "up to date"},
		EndNodes: []byte("[\n    {}\n  ]"), Events: []byte("skip a: up to date\n"), Summary: []byte("NODE\n"), Count: "2 skipped", Markdown: []byte("| a |\n")}}
}

func TestReplayRecordRoundTrip(t *testing.T) {
	r := sampleReplay()
	b := encodeReplay(r)
	if b == nil {
		t.Fatal("not encoded")
	}
	back, err := decodeReplay(b)
	if err != nil || !reflect.DeepEqual(back, r) {
		t.Fatalf("round trip: %v\n%#v\n%#v", err, back, r)
	}
	if got := back.Plan.Nodes[0].Parameters["params:é"]; string(got) != `"日本"` {
		t.Errorf("parameter: %q", got)
	}
}

// A damaged record is an error, never a panic or a record: every
// truncation, and random bytes changed (which may still decode: the
// stamp's sha256 of the record is what catches those).
func TestReplayRecordDamaged(t *testing.T) {
	b := encodeReplay(sampleReplay())
	for n := range len(b) {
		if _, err := decodeReplay(b[:n]); err == nil {
			t.Fatalf("truncated to %d bytes: no error", n)
		}
	}
	if _, err := decodeReplay(append(append([]byte{}, b...), 0)); err == nil {
		t.Error("a byte too many: no error")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		c := append([]byte{}, b...)
		for range 1 + rng.IntN(4) {
			c[rng.IntN(len(c))] = byte(rng.IntN(256))
		}
		decodeReplay(c)
	}
}

// A node writing a kedro-mlflow dataset logs it to MLflow from the file
// even when skipped: such a plan is never replayed.
func TestReplayableNotWithTrackedOutputs(t *testing.T) {
	p := &plan.Plan{Datasets: map[string]*plan.Dataset{"m": {Name: "m", Type: "text.TextDataset"}},
		Nodes: []*plan.Node{{ID: "node.a", Name: "a", Outputs: []string{"m"}}}}
	if !replayable(p) {
		t.Error("a plain output: not replayable")
	}
	for _, typ := range []string{recorder.TypeMetric, recorder.TypeMetricHistory, recorder.TypeMetricsHistory, recorder.TypeArtifact} {
		p.Datasets["m"].Type = typ
		if replayable(p) {
			t.Errorf("%s output: replayable", typ)
		}
	}
}
