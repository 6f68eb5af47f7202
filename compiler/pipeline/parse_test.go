package pipeline

import "testing"

func TestParseFormatFindings(t *testing.T) {
	_, diags := load(t, `
_template: &t {run: [x]}
ok:
  nodes:
    - {name: a, run: [python, a.py, 10, true], inputs: x, outputs: y}
bad shape: 3
empty:
both:
  nodes: []
  from: ok
neither:
  namespace: ns
typo:
  nodez: []
  from: ok
nodes_bad:
  nodes:
    - just a string
    - name: n1
      func: mod.f
      inputs: [params:x]
      outputs: parameters
    - name: "bad name"
      run: "python a.py"
      tags: [good, "bad tag", ""]
      namespace: "a..b"
      inputs: x
    - run: [a]
      outputs: z
    - name: n2
      run: [a]
      entry_point: train
      outputs: z2
    - name: n3
      inputs: q
    - name: n4
      run: [a]
    - name: n5
      shell: true
      run: [a, b]
      params: {alpha: model_options.alpha}
      outputs: {"x y": z5}
    - name: n6
      entry_point: train
      shell: true
      outputs: z6
wrap:
  from: ok
  namespace: .ns
  inputs: {a: 1}
  prefix_datasets_with_namespace: "yes"
`)
	equal(t, "findings", diags, []string{
		`6:1 pipeline.InvalidName: "bad shape" is not a valid pipeline name: use only letters, digits, hyphens, underscores and full stops`,
		`6:12 pipeline.Format: pipeline "bad shape" must be a mapping with nodes: or from:, or a list of pipeline names, got a number (3)`,
		`7:1 pipeline.Format: pipeline "empty" is empty: give it nodes:, from: or a list of pipeline names`,
		`8:1 pipeline.Format: pipeline "both" has both nodes: and from:; a pipeline either lists its nodes or reuses others`,
		`11:1 pipeline.Format: pipeline "neither" needs nodes: or from:`,
		`14:3 pipeline.Format: unknown key "nodez" in pipeline "typo"; did you mean "nodes"?`,
		`18:7 pipeline.Format: a node must be a mapping with name, run or entry_point, inputs and outputs, got a string`,
		`19:13 pipeline.NodeCommand: node "n1" has neither run nor entry_point: give a command to run`,
		`20:7 pipeline.Format: unknown key "func" in a node: kfc nodes run processes, give run: (an argument list) or entry_point: (an MLproject entry point)`,
		`21:16 pipeline.Format: "params:x" is a parameter: bind it under params:, not inputs:`,
		`22:16 pipeline.Format: "parameters" is a parameter: a node cannot write parameters`,
		`23:13 pipeline.InvalidName: "bad name" is not a valid node name: use only letters, digits, hyphens, underscores and full stops`,
		`24:12 pipeline.Format: run is a string: write it as a list of arguments ([python, script.py, ...]) or set shell: true to run it with sh -c`,
		`25:20 pipeline.InvalidName: "bad tag" is not a valid tag: use only letters, digits, hyphens, underscores and full stops`,
		`25:31 pipeline.InvalidName: "" is not a valid tag: use only letters, digits, hyphens, underscores and full stops`,
		`26:18 pipeline.InvalidName: "a..b" is not a valid namespace: use dot-separated parts of letters, digits, hyphens and underscores`,
		`28:7 pipeline.Format: node has no name: every node needs a name, unique in its pipeline`,
		`30:13 pipeline.NodeCommand: node "n2" has both run and entry_point: give one`,
		`34:13 pipeline.NodeCommand: node "n3" has neither run nor entry_point: give a command to run`,
		`36:13 pipeline.Format: node "n4" has no inputs, outputs or params: it must have some`,
		`40:12 pipeline.Format: with shell: true, run must be one command string, not a list`,
		`41:23 pipeline.Format: params takes parameter references like params:model_options.alpha or parameters, got "model_options.alpha"`,
		`42:17 pipeline.InvalidName: "x y" is not a valid outputs key: use only letters, digits, hyphens, underscores and full stops`,
		`45:14 pipeline.NodeCommand: shell applies to run, not to entry_point: MLflow already runs entry points through a shell`,
		`49:14 pipeline.InvalidName: ".ns" is not a valid namespace: use dot-separated parts of letters, digits, hyphens and underscores`,
		`50:15 pipeline.Format: inputs value must be a string, got a number (1)`,
		`51:35 pipeline.Format: prefix_datasets_with_namespace must be true or false, got a string`,
	})
}

func TestParseKeepsRunText(t *testing.T) {
	reg, diags := load(t, `
p:
  nodes:
    - {name: a, run: [python, a.py, --epochs, 10, --lr, 1e-3, --flag, true, "{in.x}"], inputs: x, outputs: y}
`)
	equal(t, "findings", diags, nil)
	n := reg.Definition("p").Nodes[0]
	equal(t, "run", n.Run, []string{"python", "a.py", "--epochs", "10", "--lr", "1e-3", "--flag", "true", "{in.x}"})
	equal(t, "placeholders", n.Placeholders(), []string{"in.x"})
}

func TestUnicodeNames(t *testing.T) {
	for name, ok := range map[string]bool{
		"données_nœud": true, "a.b-c_1": true, "ノード": true, "x²": true,
		"": false, "a b": false, "a/b": false, "a\n": false, "e\u0301": false,
	} {
		if ValidName(name) != ok {
			t.Errorf("ValidName(%q) = %v, want %v", name, !ok, ok)
		}
	}
}

func TestReferences(t *testing.T) {
	reg, diags := load(t, `
data_processing: {nodes: [{name: a, run: [x], outputs: y}]}
data_science: {nodes: [{name: b, run: [x], inputs: y, outputs: z}]}
__default__: [data_processing, data_sciense]
loop_a: {from: loop_b}
loop_b: [loop_c]
loop_c: {from: [data_science, loop_a]}
user: {from: loop_b, namespace: u}
`)
	equal(t, "findings", diags, []string{
		`4:32 pipeline.Unknown: no pipeline named "data_sciense"; did you mean "data_science"?`,
		`7:31 pipeline.Recursive: pipeline "loop_a" includes itself: loop_a -> loop_b -> loop_c -> loop_a`,
	})
	for name, broken := range map[string]bool{"data_processing": false, "data_science": false, "__default__": true,
		"loop_a": true, "loop_b": true, "loop_c": true, "user": true} {
		if reg.Broken(name) != broken {
			t.Errorf("Broken(%s) = %v", name, !broken)
		}
	}
	var got []string
	for _, name := range []string{"__default__", "data_scence", "loop_b"} {
		_, d := expandReg(reg, name)
		got = append(got, d...)
	}
	equal(t, "expand findings", got, []string{` pipeline.Unknown: no pipeline named "data_scence"; did you mean "data_science"?`})
	_, d := expandReg(&Registry{}, DefaultPipeline)
	equal(t, "no default", d, []string{` pipeline.Unknown: no pipeline named "__default__": define one, e.g. __default__: [data_processing, data_science]`})
}

func TestPrivateTemplates(t *testing.T) {
	src := `
_anchors:
  python: &py [python, -m, project]
  whatever: {not: a pipeline}
_train_template:
  nodes:
    - {name: train, run: [python, train.py], inputs: X, params: [params:opts], outputs: model}
_unused_garbage: 42
lr:
  from: _train_template
  namespace: lr
  parameters: {opts: model_options.lr}
  inputs: X
both: [lr, _rf]
_rf: {from: _train_tmplate, namespace: rf}
`
	reg, diags := load(t, src)
	equal(t, "findings", diags, []string{`15:13 pipeline.Unknown: no pipeline named "_train_tmplate"; did you mean "_train_template"?`})
	equal(t, "names", reg.Names(), []string{"lr", "both"})
	p, _ := expandReg(reg, "lr")
	equal(t, "lr", dump(p), []string{"lr.train [lr] in=X params=params:model_options.lr out=lr.model"})
	_, d := expandReg(reg, "_train_template")
	equal(t, "private", d, []string{` pipeline.Unknown: pipeline "_train_template" is a private template (its name starts with _): run a pipeline that reuses it`})
}
