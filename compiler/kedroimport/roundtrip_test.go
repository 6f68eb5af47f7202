package kedroimport

import (
	"os"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/pipeline"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// testdata/spaceflights.json is what snapshot.py printed for
// testdata/projects/kedro-spaceflights under Kedro 1.5.0 (see
// TestSnapshotWithRealKedro, which checks it is still what Kedro prints).
func recorded(t *testing.T) *Snapshot {
	t.Helper()
	b, err := os.ReadFile("testdata/spaceflights.json")
	if err != nil {
		t.Fatal(err)
	}
	s, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func parseFile(t *testing.T, src []byte) *pipeline.Registry {
	t.Helper()
	var diags diag.List
	root := tree.Parse("pipelines.yml", src, &diags)
	reg := pipeline.Parse(root, &diags)
	for _, d := range diags.Items() {
		t.Errorf("%s: %s", d.Pos, d.Message)
	}
	return reg
}

func TestRoundTrip(t *testing.T) {
	s := recorded(t)
	out, err := Write(s)
	if err != nil {
		t.Fatal(err)
	}
	reg := parseFile(t, out)
	if diffs := Compare(reg, s); len(diffs) > 0 {
		t.Fatalf("imported file differs from Kedro's graph:\n%s\n--- file:\n%s", strings.Join(diffs, "\n"), out)
	}
	// kfc's own graph checks find nothing Kedro would refuse.
	for _, name := range reg.Names() {
		var diags diag.List
		p := reg.Expand(name, &diags)
		pipeline.Check(p, &diags)
		for _, d := range diags.Items() {
			t.Errorf("pipeline %s: %s", name, d.Message)
		}
	}
	// __default__ is written as the sum of the three pipelines it adds up.
	if !strings.Contains(string(out), "__default__: [data_processing, data_science, reporting]\n") {
		t.Errorf("__default__ not written as a sum:\n%s", out)
	}
	again, _ := Write(recorded(t))
	if string(again) != string(out) {
		t.Error("Write is not deterministic")
	}
}

// TestCompareFindsEdits: every kind of drift between the file and the
// Python code is reported, by pipeline and node.
func TestCompareFindsEdits(t *testing.T) {
	s := recorded(t)
	out, err := Write(s)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ old, new, want string }{
		{"inputs: [X_train, y_train]", "inputs: [y_train, X_train]", `node "train_model_node" inputs: file ["y_train","X_train"], Kedro ["X_train","y_train"]`},
		{"'params:model_options'", "'params:model_option'", `free inputs: file`},
		{"nodes:preprocess_shuttles\n", "nodes:preprocess_shuttle\n", `node "preprocess_shuttles_node" function`},
		{"      tags: [shuttles]\n", "", `node "preprocess_shuttles_node" tags: file [], Kedro ["shuttles"]`},
		{"      tags: [final, reporting]\n", "      tags: [final, reporting]\n      confirms: [metrics]\n", `node "split_report" confirms: file ["metrics"], Kedro []`},
		{"model_input_table@csv", "model_input_table@pandas", `node "capacity_by_type__5f48a1ef" inputs`},
		{"    - name: company_summary\n", "    - name: company_summary2\n", `node "summaries.company_summary": in Python, missing from the file`},
		{"__default__: [data_processing, data_science, reporting]", "__default__: [data_processing, data_science]", `pipeline "__default__": node "split_report": in Python, missing from the file`},
		{"reporting:\n  nodes:", "extra: [reporting]\nreporting:\n  nodes:", `pipeline "extra": in the file, not registered in Python`},
		{"      namespace: summaries\n", "", `node "summaries.company_summary": in Python, missing`},
	}
	for _, c := range cases {
		if !strings.Contains(string(out), c.old) {
			t.Fatalf("%q not in the file", c.old)
		}
		edited := strings.Replace(string(out), c.old, c.new, 1)
		var diags diag.List
		reg := pipeline.Parse(tree.Parse("pipelines.yml", []byte(edited), &diags), &diags)
		diffs := strings.Join(Compare(reg, s), "\n")
		if !strings.Contains(diffs, c.want) {
			t.Errorf("edit %q -> %q: want %q among:\n%s", c.old, c.new, c.want, diffs)
		}
	}
}

func TestUnnamedFunctionsWriteNothing(t *testing.T) {
	s := recorded(t)
	def := s.Pipelines["data_processing"]
	def.Nodes[0].Problem = "a lambda"
	s.Pipelines["reporting"].Nodes[1].Problem = "a functools.partial"
	s.Pipelines["_private"] = &KedroPipeline{}
	out, err := Write(s)
	if out != nil || err == nil {
		t.Fatalf("wrote %d bytes, err %v", len(out), err)
	}
	msg := err.Error()
	for _, want := range []string{
		`node "preprocess_companies_node" (pipeline data_processing): its function is a lambda`,
		`node "split_report" (pipeline reporting): its function is a functools.partial`,
		`pipeline "_private": kfc reads a name starting with _ as a private template`,
		"3 node(s) or pipeline(s)",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("missing %q in:\n%s", want, msg)
		}
	}
}
