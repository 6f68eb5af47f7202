package recorder

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/plan"
	"github.com/kfc-dev/kfc/compiler/tree"
	"github.com/kfc-dev/kfc/runtime/tracking"
)

func raw(m map[string]string) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for k, v := range m {
		out[k] = json.RawMessage(v)
	}
	return out
}

func params(t *testing.T, rp RunParams) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, p := range rp.Params {
		out[p.Key] = p.Value
	}
	return out
}

func TestPipelineParamsPythonStr(t *testing.T) {
	rp, err := PipelineParams(raw(map[string]string{
		"params:alpha":  `0.5`,
		"params:n":      `10`,
		"params:big":    `1e+16`,
		"params:small":  `1e-05`,
		"params:one":    `1.0`,
		"params:flag":   `true`,
		"params:none":   `null`,
		"params:name":   `"it's"`,
		"params:list":   `["x", "y", 1, false]`,
		"params:model":  `{"b": {"c": 1}, "a": "q\"uote"}`,
		"params:empty":  `{}`,
		"parameters":    `{"alpha": 0.5}`,
		"params:a.b":    `2`,
		"params:weird$": `"v"`,
	}), DefaultParamsConfig())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"alpha": "0.5", "n": "10", "big": "1e+16", "small": "1e-05", "one": "1.0", "flag": "True", "none": "None",
		"name": "it's", "list": "['x', 'y', 1, False]", "model": `{'b': {'c': 1}, 'a': 'q"uote'}`, "empty": "{}",
		"parameters": "{'alpha': 0.5}", "a.b": "2", "weird_": "v",
	}
	got := params(t, rp)
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %q, want %q", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d params: %v", len(got), got)
	}
	if len(rp.Warnings) != 1 || !strings.Contains(rp.Warnings[0], `"weird_"`) {
		t.Errorf("warnings: %v", rp.Warnings)
	}
}

func TestPipelineParamsFlatten(t *testing.T) {
	in := raw(map[string]string{"params:model": `{"b": {"d": {"e": 3}}, "a": 1, "z": {}}`})
	cfg := DefaultParamsConfig()
	cfg.Flatten = true
	rp, err := PipelineParams(in, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := params(t, rp); len(got) != 2 || got["model.b.d.e"] != "3" || got["model.a"] != "1" {
		t.Errorf("recursive: %v", got)
	}
	cfg.Recursive, cfg.Sep = false, "/"
	rp, _ = PipelineParams(in, cfg)
	if got := params(t, rp); len(got) != 3 || got["model/b"] != "{'d': {'e': 3}}" || got["model/z"] != "{}" {
		t.Errorf("one level: %v", got)
	}
}

func TestLongParamsStrategy(t *testing.T) {
	long := `"` + strings.Repeat("x", 6001) + `"`
	in := raw(map[string]string{"params:long": long, "params:ok": "1"})
	cfg := DefaultParamsConfig()
	if _, err := PipelineParams(in, cfg); err == nil || !strings.Contains(err.Error(), `parameter "long" is 6001 characters`) {
		t.Errorf("fail: %v", err)
	}
	cfg.LongParamsStrategy = "truncate"
	rp, err := PipelineParams(in, cfg)
	if err != nil || len(params(t, rp)["long"]) != 6000 {
		t.Errorf("truncate: %v", err)
	}
	cfg.LongParamsStrategy = "tag"
	rp, err = PipelineParams(in, cfg)
	if err != nil || len(rp.Tags) != 1 || rp.Tags[0].Key != "long" || len(rp.Params) != 1 {
		t.Errorf("tag: %+v %v", rp, err)
	}
	in["params:huge"] = json.RawMessage(`"` + strings.Repeat("y", 8001) + `"`)
	if _, err := PipelineParams(in, cfg); err == nil || !strings.Contains(err.Error(), `"huge"`) || !strings.Contains(err.Error(), "8000") {
		t.Errorf("tag over 8000: %v", err)
	}
	if _, err := PipelineParams(raw(map[string]string{"params:" + strings.Repeat("k", 251): "1"}), DefaultParamsConfig()); err == nil || !strings.Contains(err.Error(), "250") {
		t.Errorf("long key: %v", err)
	}
}

func TestEntryPointParamsAreShellQuoted(t *testing.T) {
	rp, err := EntryPointParams(map[string]string{"alpha": "0.5", "data": "a b", "q": "it's", "e": ""})
	if err != nil {
		t.Fatal(err)
	}
	got := params(t, rp)
	want := map[string]string{"alpha": "0.5", "data": "'a b'", "q": `'it'"'"'s'`, "e": "''"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %q want %q", k, got[k], v)
		}
	}
}

func TestSystemTags(t *testing.T) {
	tag := func(tags []tracking.Tag) map[string]string {
		m := map[string]string{}
		for _, t := range tags {
			m[t.Key] = t.Value
		}
		return m
	}
	local := tag(SystemTags(SourceInfo{User: "u", SourceName: "kfc", RunName: "__default__", Git: Git{Commit: "abc", Branch: "main"}}, map[string]string{"kfc.env": "local"}))
	if local[TagSourceType] != "LOCAL" || local[TagRunName] != "__default__" || local[TagGitCommit] != "abc" || local[TagGitBranch] != "main" || local["kfc.env"] != "local" {
		t.Errorf("local: %v", local)
	}
	if _, ok := local[TagEntryPoint]; ok {
		t.Error("a pipeline run has no entry point tag")
	}
	ep := tag(SystemTags(SourceInfo{User: "u", SourceName: "file:///r#p", EntryPoint: "main"}, nil))
	if ep[TagSourceType] != "PROJECT" || ep[TagEntryPoint] != "main" || ep[TagBackend] != "local" {
		t.Errorf("entry point: %v", ep)
	}
	if _, ok := ep["mlflow.project.env"]; ok {
		t.Error("mlflow run --env-manager local sets no mlflow.project.env")
	}
	if _, ok := ep[TagGitCommit]; ok {
		t.Error("no commit outside git")
	}
}

func TestForPlanEntryPoint(t *testing.T) {
	p := &plan.Plan{Hash: "sha256:x", Env: "local", Project: plan.Project{Name: "wine"}, Nodes: []*plan.Node{{
		Name: "main", Command: plan.Command{Shell: "python train.py", EntryPoint: "main"},
		Parameters: map[string]plan.RawValue{"-P:alpha": plan.RawValue(`"0.5"`), "-P:data": plan.RawValue(`"a b.csv"`)},
	}}}
	o := ForPlan(p, ConfigFrom(nil))
	if o.EntryPoint != "main" || o.EntryPointParams["data"] != "a b.csv" || len(o.Params) != 0 || o.Experiment != "" || o.Tags["kfc.entry_point"] != "main" {
		t.Errorf("%+v", o)
	}
	rp, _ := EntryPointParams(o.EntryPointParams)
	if got := params(t, rp); got["data"] != "'a b.csv'" || got["alpha"] != "0.5" {
		t.Errorf("logged as mlflow run logs them: %v", got)
	}
}

func TestConfigFrom(t *testing.T) {
	var diags diag.List
	n := tree.Parse("mlflow.yml", []byte(`
server: {mlflow_tracking_uri: mlruns}
tracking:
  disable_tracking: {pipelines: [etl]}
  experiment: {name: exp, create_experiment_kwargs: {artifact_location: s3://b/x, tags: {team: ml}}}
  run: {name: r, nested: false}
  params:
    dict_params: {flatten: true, recursive: false, sep: /}
    long_params_strategy: tag
`), &diags)
	if diags.Len() > 0 {
		t.Fatal(diags.Items())
	}
	c := ConfigFrom(n)
	want := MLflowConfig{TrackingURI: "mlruns", DisabledPipelines: []string{"etl"}, Experiment: "exp", ArtifactLocation: "s3://b/x",
		ExperimentTags: map[string]string{"team": "ml"}, RunName: "r", Nested: false,
		Params: ParamsConfig{Flatten: true, Recursive: false, Sep: "/", LongParamsStrategy: "tag"}}
	if fmt.Sprint(c) != fmt.Sprint(want) {
		t.Errorf("got %+v\nwant %+v", c, want)
	}
	if d := ConfigFrom(nil); !d.Nested || d.Params != DefaultParamsConfig() || d.TrackingURI != "" {
		t.Errorf("defaults: %+v", d)
	}
}
