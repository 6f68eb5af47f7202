package engine

import (
	"encoding/json"
	"testing"

	"github.com/kfc-dev/kfc/compiler/plan"
	"github.com/kfc-dev/kfc/runtime/lockfile"
)

func TestHashChangeNamesWhatChanged(t *testing.T) {
	n := &plan.Node{Hash: "sha256:new", Command: plan.Command{Argv: []string{"python", "x.py", "--a", "0.7"}},
		Parameters: map[string]plan.RawValue{"params:a": plan.RawValue(`0.7`)}}
	e := &lockfile.Entry{NodeHash: "sha256:old", Command: "python x.py --a 0.5",
		Parameters: map[string]json.RawMessage{"params:a": json.RawMessage(`0.5`)}}
	if got := hashChange(n, e); got != "parameter params:a changed (0.5 -> 0.7)" {
		t.Errorf("parameter: %q", got)
	}
	e.Parameters["params:a"] = json.RawMessage(`0.7`)
	if got := hashChange(n, e); got != "command changed" {
		t.Errorf("command: %q", got)
	}
	e.Command = "python x.py --a 0.7"
	if got := hashChange(n, e); got != "definition changed (a dataset's definition or the environment; node hash sha256:old -> sha256:new)" {
		t.Errorf("definition: %q", got)
	}
	e.Parameters = map[string]json.RawMessage{"params:b": json.RawMessage(`1`), "params:a": json.RawMessage(`0.7`)}
	if got := hashChange(n, e); got != "parameter params:b changed (1 -> (none))" {
		t.Errorf("removed parameter: %q", got)
	}
}

func TestShort(t *testing.T) {
	if got := short("sha256:ab12cd34ef56ab78cd90"); got != "sha256:ab12cd34.." {
		t.Errorf("short = %q", got)
	}
	if got := short(""); got != "(none)" {
		t.Errorf("short(\"\") = %q", got)
	}
}

func TestOnlyMissingOutputs(t *testing.T) {
	root := t.TempDir()
	ds := func(name string, persisted bool, producer string) *plan.Dataset {
		p := "data/" + name
		if !persisted {
			p = ".kfc/runs/{run_id}/data/" + name
		}
		return &plan.Dataset{Name: name, Path: p, Persisted: persisted, Producer: producer, Config: plan.RawValue(`{}`)}
	}
	// a -> mem -> b -> out_b (missing); c -> out_c (exists); d -> s3 (external).
	p := &plan.Plan{Datasets: map[string]*plan.Dataset{
		"mem":   ds("mem", false, "node.a"),
		"out_b": ds("out_b", true, "node.b"),
		"out_c": ds("out_c", true, "node.c"),
		"s3":    {Name: "s3", Path: "s3://b/k", Persisted: true, Producer: "node.d"},
	}, Nodes: []*plan.Node{
		{ID: "node.a", Name: "a", Outputs: []string{"mem"}},
		{ID: "node.b", Name: "b", Inputs: []string{"mem"}, Outputs: []string{"out_b"}, DependsOn: []string{"node.a"}},
		{ID: "node.c", Name: "c", Outputs: []string{"out_c"}},
		{ID: "node.d", Name: "d", Outputs: []string{"s3"}},
	}}
	write(t, root+"/data/out_c", "c")
	r, err := newRun(p, Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	got := r.onlyMissingOutputs()
	want := map[int]string{
		0: "a node that runs reads its run-folder output",
		1: "output out_b missing",
		3: "output s3 is external: cannot check that it exists",
	}
	if len(got) != len(want) {
		t.Errorf("runs %v, want %v", got, want)
	}
	for i, w := range want {
		if got[i] != w {
			t.Errorf("node %d: %q, want %q", i, got[i], w)
		}
	}
}
