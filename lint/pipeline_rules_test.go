package lint

import "testing"

// Each pipeline rule has a failing and a passing project; the findings of
// all pipeline rules are compared exactly, so a case also shows that the
// other rules stay quiet.
var pipelineRuleCases = []struct {
	rule      string
	bad, good map[string]string
	want      []string
}{
	{
		rule: RulePipelineFreeInput,
		bad: map[string]string{
			"conf/base/catalog.yml":   "companies: {type: pandas.CSVDataset, filepath: data/companies.csv}\n",
			"conf/base/pipelines.yml": "dp:\n  nodes:\n    - {name: a, run: [x], inputs: [companies, shuttles], outputs: out}\n__default__: [dp]\n",
		},
		good: map[string]string{
			"conf/base/catalog.yml":   "companies: {type: pandas.CSVDataset, filepath: data/companies.csv}\n\"{name}_raw\": {type: pandas.CSVDataset, filepath: \"data/{name}.csv\"}\nout: {type: pandas.CSVDataset, filepath: data/out.csv}\n",
			"conf/base/pipelines.yml": "dp:\n  nodes:\n    - {name: a, run: [x], inputs: [companies, shuttles_raw], outputs: out}\n__default__: [dp]\n",
		},
		want: []string{
			`conf/base/pipelines.yml:3:47: error: "shuttles" is a free input of pipelines __default__, dp, but no catalog entry or dataset factory provides it (Kedro: "Pipeline input(s) not found in the DataCatalog") [pipeline-free-input]`,
			`conf/base/pipelines.yml:3:67: info: "out" has no catalog entry: kfc keeps it as a run-scoped file (Kedro: a MemoryDataset), so it is lost after the run [pipeline-ephemeral-dataset]`,
		},
	},
	{
		rule: RulePipelineEphemeralDataset,
		bad: map[string]string{
			"conf/base/catalog.yml":   "raw: {type: pandas.CSVDataset, filepath: data/raw.csv}\n",
			"conf/base/pipelines.yml": "p:\n  nodes:\n    - {name: a, run: [x], inputs: raw, outputs: mid}\n",
		},
		good: map[string]string{
			"conf/base/catalog.yml":   "raw: {type: pandas.CSVDataset, filepath: data/raw.csv}\nmid: {type: pandas.CSVDataset, filepath: data/mid.csv}\n",
			"conf/base/pipelines.yml": "p:\n  nodes:\n    - {name: a, run: [x], inputs: raw, outputs: mid}\n",
		},
		want: []string{`conf/base/pipelines.yml:3:49: info: "mid" has no catalog entry: kfc keeps it as a run-scoped file (Kedro: a MemoryDataset), so it is lost after the run [pipeline-ephemeral-dataset]`},
	},
	{
		rule: RulePipelineUnusedDataset,
		bad: map[string]string{
			"conf/base/catalog.yml":   "raw: {type: pandas.CSVDataset, filepath: data/raw.csv}\nold: {type: pandas.CSVDataset, filepath: data/old.csv}\n\"{name}_metrics\": {type: json.JSONDataset, filepath: \"data/{name}.json\"}\n",
			"conf/base/pipelines.yml": "p:\n  nodes:\n    - {name: a, run: [x], inputs: raw, outputs: mid}\n",
		},
		good: map[string]string{
			"conf/base/catalog.yml":   "raw: {type: pandas.CSVDataset, filepath: data/raw.csv}\n\"{name}_metrics\": {type: json.JSONDataset, filepath: \"data/{name}.json\"}\n",
			"conf/base/pipelines.yml": "p:\n  nodes:\n    - {name: a, run: [x], inputs: raw, outputs: model_metrics}\n",
		},
		want: []string{
			`conf/base/catalog.yml:2:1: warning: catalog entry "old" is used by no pipeline [pipeline-unused-dataset]`,
			`conf/base/catalog.yml:3:1: warning: dataset factory "{name}_metrics" matches no dataset of any pipeline [pipeline-unused-dataset]`,
			`conf/base/pipelines.yml:3:49: info: "mid" has no catalog entry: kfc keeps it as a run-scoped file (Kedro: a MemoryDataset), so it is lost after the run [pipeline-ephemeral-dataset]`,
		},
	},
	{
		rule: RulePipelineUnusedParameter,
		bad: map[string]string{
			"conf/base/parameters.yml": "model_options: {alpha: 0.1}\nunused: 1\n_template: 2\n",
			"conf/base/pipelines.yml":  "p:\n  nodes:\n    - {name: a, run: [x], params: [params:model_options.alpha], outputs: mid}\n",
		},
		good: map[string]string{
			"conf/base/parameters.yml": "model_options: {alpha: 0.1}\n_template: 2\n",
			"conf/base/pipelines.yml":  "p:\n  nodes:\n    - {name: a, run: [x], params: [params:model_options.alpha], outputs: mid}\n",
			"conf/base/catalog.yml":    "\"{x}\": {type: pickle.PickleDataset, filepath: \"data/{x}.pkl\"}\n",
		},
		want: []string{
			`conf/base/parameters.yml:2:1: warning: parameter "unused" is used by no pipeline [pipeline-unused-parameter]`,
			`conf/base/pipelines.yml:3:74: info: "mid" has no catalog entry: kfc keeps it as a run-scoped file (Kedro: a MemoryDataset), so it is lost after the run [pipeline-ephemeral-dataset]`,
		},
	},
	{
		rule: RulePipelineUnknownParam,
		bad: map[string]string{
			"conf/base/parameters.yml": "model_options: {alpha: 0.1}\n",
			"conf/base/pipelines.yml":  "p:\n  nodes:\n    - {name: a, run: [x], params: [params:model_options.alpah], outputs: mid}\nc: {from: p, namespace: cand}\n",
			"conf/base/catalog.yml":    "\"{x}\": {type: pickle.PickleDataset, filepath: \"data/{x}.pkl\"}\n",
		},
		good: map[string]string{
			"conf/base/parameters.yml": "model_options: {alpha: 0.1}\n",
			"conf/base/pipelines.yml":  "p:\n  nodes:\n    - {name: a, run: [x], params: [params:model_options.alpha], outputs: mid}\nc: {from: p, namespace: cand, parameters: model_options.alpha}\n",
			"conf/base/catalog.yml":    "\"{x}\": {type: pickle.PickleDataset, filepath: \"data/{x}.pkl\"}\n",
		},
		want: []string{
			`conf/base/pipelines.yml:3:36: error: node "a" uses params:model_options.alpah, but the parameters have no "model_options.alpah"; did you mean params:model_options.alpha? [pipeline-unknown-param]`,
			`conf/base/pipelines.yml:3:36: error: node "cand.a" uses params:cand.model_options.alpah, but the parameters have no "cand.model_options.alpah"; did you mean params:model_options.alpha? [pipeline-unknown-param]`,
		},
	},
	{
		rule: RulePipelineEntryPoint,
		bad: map[string]string{
			"MLproject":                "name: demo\nentry_points:\n  train:\n    parameters: {data: path, alpha: float, epochs: {type: int, default: 3}}\n    command: python train.py {data} {alpha} {epochs}\n",
			"conf/base/parameters.yml": "model_options: {alpha: fast, epochs: 2}\n",
			"conf/base/catalog.yml":    "\"{x}\": {type: pickle.PickleDataset, filepath: \"data/{x}.pkl\"}\n",
			"conf/base/pipelines.yml":  "p:\n  nodes:\n    - {name: t, entry_point: train, inputs: {epochs: table}, params: {alpha: params:model_options.alpha}}\n    - {name: u, entry_point: trian, inputs: table, outputs: n}\n    - {name: v, entry_point: missing.py, inputs: table, outputs: o}\n",
		},
		good: map[string]string{
			"MLproject":                "name: demo\nentry_points:\n  train:\n    parameters: {data: path, alpha: float, epochs: {type: int, default: 3}}\n    command: python train.py {data} {alpha} {epochs}\n",
			"conf/base/parameters.yml": "model_options: {alpha: 0.5, epochs: 2}\n",
			"conf/base/catalog.yml":    "\"{x}\": {type: pickle.PickleDataset, filepath: \"data/{x}.pkl\"}\n",
			"conf/base/pipelines.yml":  "p:\n  nodes:\n    - {name: t, entry_point: train, inputs: {data: table}, params: {alpha: params:model_options.alpha, epochs: params:model_options.epochs}}\n    - {name: v, entry_point: score.py, inputs: table, outputs: o}\n",
			"score.py":                 "print('hi')\n",
		},
		want: []string{
			`conf/base/pipelines.yml:3:30: error: entry point "train" needs parameter "data" (no default): bind it under inputs, outputs or params of node "t" [pipeline-entry-point]`,
			`conf/base/pipelines.yml:3:54: error: parameter "epochs" of entry point "train" has type int and cannot take dataset "table" (a file path): bind datasets to path, uri or string parameters [pipeline-entry-point]`,
			`conf/base/pipelines.yml:4:30: error: the MLproject has no entry point "trian"; did you mean train? [pipeline-entry-point]`,
			`conf/base/pipelines.yml:5:30: error: entry point "missing.py" is not in the MLproject and no script missing.py exists in the project [pipeline-entry-point]`,
		},
	},
	{
		rule: RulePipelineEntryPointUndeclared,
		bad: map[string]string{
			"MLproject":                "name: demo\nentry_points:\n  train:\n    parameters: {alpha: {type: float, default: 0.1}}\n    command: python train.py {alpha}\n",
			"conf/base/parameters.yml": "model_options: {alpha: 0.5}\n",
			"conf/base/pipelines.yml":  "p:\n  nodes:\n    - {name: t, entry_point: train, params: {aplha: params:model_options.alpha}}\n",
		},
		good: map[string]string{
			"MLproject":                "name: demo\nentry_points:\n  train:\n    parameters: {alpha: {type: float, default: 0.1}}\n    command: python train.py {alpha}\n",
			"conf/base/parameters.yml": "model_options: {alpha: 0.5}\n",
			"conf/base/pipelines.yml":  "p:\n  nodes:\n    - {name: t, entry_point: train, params: {alpha: params:model_options.alpha}}\n",
		},
		want: []string{`conf/base/pipelines.yml:3:53: warning: entry point "train" declares no parameter "aplha": MLflow appends it to the command as --aplha <value>; did you mean alpha? [pipeline-entry-point-undeclared]`},
	},
	{
		rule: "pipeline-cycle",
		bad: map[string]string{
			"conf/base/catalog.yml":   "\"{x}\": {type: pickle.PickleDataset, filepath: \"data/{x}.pkl\"}\n",
			"conf/base/pipelines.yml": "p:\n  nodes:\n    - {name: b, run: [x], inputs: d1, outputs: d2}\n    - {name: a, run: [x], inputs: d2, outputs: d1}\n",
		},
		good: map[string]string{
			"conf/base/catalog.yml":   "\"{x}\": {type: pickle.PickleDataset, filepath: \"data/{x}.pkl\"}\n",
			"conf/base/pipelines.yml": "p:\n  nodes:\n    - {name: b, run: [x], inputs: d1, outputs: d2}\n    - {name: a, run: [x], inputs: d0, outputs: d1}\n",
		},
		want: []string{`conf/base/pipelines.yml:4:14: error: dependency cycle: a -> b -> a [pipeline-cycle]`},
	},
}

func TestPipelineRules(t *testing.T) {
	for _, tc := range pipelineRuleCases {
		t.Run(tc.rule, func(t *testing.T) {
			if Lookup(tc.rule) == nil {
				t.Fatalf("rule %s is not registered", tc.rule)
			}
			equalLines(t, "bad", vetProject(t, tc.bad), tc.want)
			for _, d := range vetProject(t, tc.good) {
				t.Errorf("good project: %s", d)
			}
		})
	}
}

func TestPipelineRulesQuietWithoutPipelines(t *testing.T) {
	got := vetProject(t, map[string]string{
		"conf/base/catalog.yml":    "raw: {type: pandas.CSVDataset, filepath: data/raw.csv}\n",
		"conf/base/parameters.yml": "a: 1\n",
	})
	equalLines(t, "findings", got, nil)
}

func TestForwardedRulesAreRegistered(t *testing.T) {
	for _, name := range []string{"pipeline-format", "pipeline-invalid-name", "pipeline-node-command",
		"pipeline-placeholder", "pipeline-unknown", "pipeline-recursive", "pipeline-remap",
		"pipeline-duplicate-node", "pipeline-duplicate-output", "pipeline-cycle",
		"pipeline-same-input-output", "pipeline-transcoding"} {
		if Lookup(name) == nil {
			t.Errorf("%s is not registered", name)
		}
	}
}
