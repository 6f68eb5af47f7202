package pipeline

import (
	"encoding/json"
	"testing"
)

// TestKedroNodeUnderNamespace: a kedro node reused under a namespace keeps
// Kedro's argument order with parameters among the datasets, and its
// datasets, parameters and confirms are renamed as Kedro's _copy_node does.
func TestKedroNodeUnderNamespace(t *testing.T) {
	src := `
_ds:
  nodes:
    - name: split
      kedro: pkg.nodes:split
      inputs: [table, "params:opts", other, parameters]
      outputs: [a, b]
      confirms: table
    - name: fit
      kedro: pkg.nodes:fit
      inputs: {x: a, alpha: "params:alpha"}
      outputs: {model: m}
    - name: side
      kedro: pkg.nodes:side
candidate:
  from: _ds
  namespace: cand
  inputs: {table: shared_table}
  parameters: {alpha: cand_alpha}
`
	p, diags := expand(t, src, "candidate")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	got := map[string]string{}
	for _, n := range p.Nodes {
		b, _ := json.Marshal([]any{n.Kedro.Function, n.KedroInputs(), n.KedroOutputs(), n.Confirms})
		got[n.Name] = string(b)
	}
	want := map[string]string{
		"cand.split": `["pkg.nodes:split",["shared_table","params:cand.opts","cand.other","parameters"],["cand.a","cand.b"],["shared_table"]]`,
		"cand.fit":   `["pkg.nodes:fit",{"alpha":"params:cand_alpha","x":"cand.a"},{"model":"cand.m"},null]`,
		"cand.side":  `["pkg.nodes:side",null,null,null]`,
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s:\n got %s\nwant %s", name, got[name], w)
		}
	}
	if fi := p.FreeInputs(); len(fi) != 5 || fi[0] != "cand.other" || fi[4] != "shared_table" {
		t.Errorf("free inputs %v", fi)
	}
}

func TestKedroNodeFormat(t *testing.T) {
	_, diags := load(t, `
p:
  nodes:
    - {name: a, kedro: "pkg.nodes:<lambda>", inputs: x}
    - {name: b, kedro: split_data, inputs: x}
    - {name: c, kedro: "m:f", entry_point: train, inputs: x}
    - {name: d, kedro: "m:f", inputs: x, params: "params:p"}
    - {name: e, kedro: "m:f", inputs: {"1x": y}}
    - {name: f, run: [x], inputs: y, confirms: y}
    - {name: g, kedro: "m:f", shell: true}
    - {name: h, kedro: 3, inputs: y}
`)
	want := []string{
		`4:24 pipeline.Format: kedro takes a function as package.module:function (a lambda, a functools.partial or a closure has no such name), got "pkg.nodes:<lambda>"`,
		`5:24 pipeline.Format: kedro takes a function as package.module:function (a lambda, a functools.partial or a closure has no such name), got "split_data"`,
		`6:14 pipeline.NodeCommand: node "c" has kedro and also run or entry_point: give one`,
		`7:50 pipeline.Format: a kedro node takes its parameters under inputs, as Kedro writes them (inputs: [x, params:alpha]), not under params:`,
		`8:40 pipeline.InvalidName: "1x" is not a Python argument name: a kedro node's inputs mapping goes from the function's arguments to datasets`,
		`9:48 pipeline.Format: confirms applies to kedro nodes only`,
		`10:38 pipeline.NodeCommand: shell applies to run, not to kedro`,
	}
	for i, w := range want {
		if i >= len(diags) || diags[i] != w {
			t.Errorf("finding %d:\n got %v\nwant %s", i, diags, w)
			break
		}
	}
	if len(diags) != len(want)+1 || diags[len(want)] != `11:24 pipeline.Format: kedro must be a string, got a number (3)` {
		t.Errorf("want %d findings (the last one for h), got:\n%v", len(want)+1, diags)
	}
}
