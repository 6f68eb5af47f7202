package plan

import "testing"

// A node whose entry point changes while its rendered command text stays
// the same must still name the change.
func TestDiffNamesEntryPointChange(t *testing.T) {
	node := func(ep string) *Node {
		return &Node{ID: "node.train", Name: "train", Command: Command{EntryPoint: ep, Shell: "python train.py"}, Hash: "sha256:" + ep}
	}
	old := &Plan{Nodes: []*Node{node("train")}}
	nw := &Plan{Nodes: []*Node{node("train_v2")}}
	d := Compare(old, nw)
	if len(d.Nodes.Changed) != 1 {
		t.Fatalf("changed nodes: %+v", d.Nodes.Changed)
	}
	cs := d.Nodes.Changed[0].Changes
	if len(cs) != 1 || cs[0].Field != "entry_point" || string(cs[0].Old) != `"train"` || string(cs[0].New) != `"train_v2"` {
		t.Errorf("changes: %+v", cs)
	}
}
