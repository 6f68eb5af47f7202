package schema

import (
	"bytes"
	"strings"
	"testing"

	"cuelang.org/go/cue"
	sjs "github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// pipelinesCases are pipelines files that must be accepted (bad == "") or
// refused; both the CUE definition and the JSON Schema generated from it
// must agree. compiler/pipeline reports the same problems with positions.
var pipelinesCases = []struct{ name, bad, src string }{
	{"spec example", "", `
data_processing:
  nodes:
    - name: preprocess_companies
      run: [python, src/spaceflights/preprocess.py, --in, "{in.companies}", --out, "{out.preprocessed_companies}", --epochs, 10]
      inputs: companies
      outputs: preprocessed_companies
      tags: [preprocessing]
data_science:
  nodes:
    - name: train_model
      entry_point: train
      inputs: {data: model_input_table}
      params: {alpha: params:model_options.alpha}
      outputs: {model_dir: regressor}
    - name: report
      shell: true
      run: "python report.py {in.m} > {out.r}"
      inputs: {m: regressor}
      outputs: {r: report@text}
      namespace: reporting
      tags: reporting
candidate_model:
  from: data_science
  namespace: candidate
  inputs: {model_input_table: model_input_table}
  parameters: [model_options]
  tags: [candidate]
  prefix_datasets_with_namespace: true
_anchor: &a {anything: [1, 2]}
__default__: [data_processing, data_science]
`},
	{"kedro nodes", "", `
dp:
  nodes:
    - {name: split, kedro: "spaceflights.pipelines.data_science.nodes:split_data", inputs: [model_input_table, "params:model_options"], outputs: [X_train, X_test]}
    - {name: train, kedro: "pkg.nodes:train", inputs: {X: X_train, opts: "params:model_options", all: parameters}, outputs: {m: regressor}, confirms: regressor}
    - {name: side, kedro: "pkg.nodes:side_effect", inputs: null, outputs: null}
`},
	{"kedro lambda", "kedro", `p: {nodes: [{name: a, kedro: "pkg.nodes:<lambda>", inputs: y}]}`},
	{"kedro without module", "kedro", `p: {nodes: [{name: a, kedro: "split_data", inputs: y}]}`},
	{"kedro and run", "run", `p: {nodes: [{name: a, kedro: "m:f", run: [x], inputs: y}]}`},
	{"kedro with params", "params", `p: {nodes: [{name: a, kedro: "m:f", inputs: y, params: "params:a"}]}`},
	{"unknown node key", "inputz", `p: {nodes: [{name: a, run: [x], inputz: y}]}`},
	{"both run and entry_point", "entry_point", `p: {nodes: [{name: a, run: [x], entry_point: train, inputs: y}]}`},
	{"shell without a string", "run", `p: {nodes: [{name: a, shell: true, run: [x], inputs: y}]}`},
	{"string run without shell", "run", `p: {nodes: [{name: a, run: "python x.py", inputs: y}]}`},
	{"missing name", "name", `p: {nodes: [{run: [x], inputs: y}]}`},
	{"invalid node name", "name", `p: {nodes: [{name: "a b", run: [x], inputs: y}]}`},
	{"parameter in inputs", "inputs", `p: {nodes: [{name: a, run: [x], inputs: "params:x"}]}`},
	{"two transcoding separators", "outputs", `p: {nodes: [{name: a, run: [x], outputs: "x@a@b"}]}`},
	{"bare params value", "params", `p: {nodes: [{name: a, run: [x], params: {alpha: model.alpha}}]}`},
	{"nodes and from", "from", `p: {nodes: [], from: q}`},
	{"unknown pipeline key", "nodez", `p: {nodez: []}`},
	{"bad namespace", "namespace", `p: {from: q, namespace: "a..b"}`},
	{"bad pipeline name", "a b", `"a b": [q]`},
}

func TestPipelinesSchemaAgreesWithJSONSchema(t *testing.T) {
	s := mustLoad(t)
	def := s.Value().LookupPath(cue.ParsePath("#Pipelines"))
	validator := compileJSONSchema(t, PipelinesJSONSchema)
	for _, tc := range pipelinesCases {
		var diags diag.List
		root := tree.Parse("pipelines.yml", []byte(tc.src), &diags)
		if diags.Len() > 0 {
			t.Fatalf("%s: %v", tc.name, diags.Items())
		}
		data := root.JSON("")

		cueErr := def.Unify(s.Context().CompileBytes(data)).Validate(cue.Concrete(true))
		inst, err := sjs.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		jsErr := validator.Validate(inst)

		if tc.bad == "" {
			if cueErr != nil {
				t.Errorf("%s: CUE refuses a valid file: %v", tc.name, cueErr)
			}
			if jsErr != nil {
				t.Errorf("%s: JSON Schema refuses a valid file: %v", tc.name, jsErr)
			}
			continue
		}
		if cueErr == nil {
			t.Errorf("%s: CUE accepts a file with a bad %s", tc.name, tc.bad)
		}
		if jsErr == nil {
			t.Errorf("%s: JSON Schema accepts a file with a bad %s", tc.name, tc.bad)
		}
	}
}

func TestPipelinesJSONSchemaIsStable(t *testing.T) {
	a, err := PipelinesJSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(a), "{\n  \"$defs\": {") || !strings.Contains(string(a), `"title": "kfc pipelines (conf/<env>/pipelines*.yml)"`) {
		t.Errorf("unexpected schema head:\n%.200s", a)
	}
	b, _ := definitionJSONSchema("#Pipelines", "kfc pipelines (conf/<env>/pipelines*.yml)")
	if !bytes.Equal(a, b) {
		t.Error("two generations differ")
	}
}
