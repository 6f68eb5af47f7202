package plan

import (
	"encoding/json"
	"errors"
	"github.com/kfc-dev/kfc/internal/schematest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// A small project: two namespaced copies of one pipeline, an entry point,
// a versioned model, a factory, an in-memory intermediate.
const testPipelines = `
prep:
  nodes:
    - name: clean
      run: [python, clean.py, "{in.raw}", "{out.clean}", --n, "{params.opts.n}"]
      inputs: raw
      outputs: clean
      params: [params:opts.n]
      tags: [etl]
    - name: features
      run: [python, feat.py, "{in.clean}", "{out.features}", "{params.opts.cols}"]
      inputs: clean
      outputs: features
      params: [params:opts.cols]
train:
  nodes:
    - name: fit
      entry_point: fit
      inputs: {data: features}
      params: {alpha: params:opts.alpha}
      outputs: {model: model}
      tags: [ml]
    - name: score
      run: "python score.py {in.model} > {out.score}"
      shell: true
      inputs: model
      outputs: score
__default__: [prep, train]
`

const testParams = `
opts:
  n: 3
  alpha: 0.00001
  cols: [a, "b<c"]
unused: true
`

const testMLproject = `
name: demo
python_env: python_env.yaml
entry_points:
  fit:
    parameters:
      data: path
      model: string
      alpha: {type: float, default: 0.1}
    command: "python fit.py --data {data} --model {model} --alpha {alpha}"
`

func parse(t *testing.T, name, src string) *tree.Node {
	t.Helper()
	var diags diag.List
	n := tree.Parse(name, []byte(src), &diags)
	if diags.Len() > 0 {
		t.Fatalf("%s: %v", name, diags.Items())
	}
	return n
}

func testProject(t *testing.T) *config.Project {
	t.Helper()
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "python_env.yaml"), []byte("python: \"3.11\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "pyproject.toml"), []byte("[tool.kedro]\nproject_name = \"Demo\"\npackage_name = \"demo\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return &config.Project{
		Root: root,
		Env:  "local",
		Config: map[string]*tree.Node{
			"pipelines":  parse(t, "conf/base/pipelines.yml", testPipelines),
			"parameters": parse(t, "conf/base/parameters.yml", testParams),
		},
		MLproject: &config.File{Path: "MLproject", Src: []byte(testMLproject), Root: parse(t, "MLproject", testMLproject)},
	}
}

// testCatalog: raw and clean explicit, features by a pattern, model
// versioned, score not in the catalog.
func testResolve(t *testing.T) func(string) Resolved {
	entries := map[string]Resolved{
		"raw":      {Kind: ResolvedExplicit, Config: parse(t, "c.yml", "type: pandas.CSVDataset\nfilepath: data//01_raw/raw.csv\ncredentials: dev_s3\n")},
		"clean":    {Kind: ResolvedExplicit, Config: parse(t, "c.yml", "type: pandas.ParquetDataset\nfilepath: ./data/02/clean.pq\n")},
		"features": {Kind: ResolvedPattern, Pattern: "{name}s", Config: parse(t, "c.yml", "type: pandas.ParquetDataset\nfilepath: data/03/features.pq\ncredentials: {key: SECRET}\n")},
		"model":    {Kind: ResolvedExplicit, Config: parse(t, "c.yml", "type: pickle.PickleDataset\nfilepath: data/06/model.pkl\nversioned: true\n")},
	}
	return func(name string) Resolved {
		if r, ok := entries[name]; ok {
			return r
		}
		return Resolved{Kind: ResolvedDefault}
	}
}

func build(t *testing.T, opt Options) *Plan {
	t.Helper()
	p, err := Compile(Input{Project: testProject(t), Resolve: testResolve(t)}, opt)
	if err != nil {
		t.Fatal(err)
	}
	validate(t, p)
	return p
}

// validate checks p against the JSON Schema generated from schema/plan.cue.
func validate(t *testing.T, p *Plan) {
	t.Helper()
	b, err := Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := schematest.ValidatePlan(b); err != nil {
		t.Fatalf("plan does not validate: %v\n%s", err, b)
	}
}

func TestCompileRendersCommands(t *testing.T) {
	p := build(t, Options{KfcVersion: "test"})
	var names []string
	for _, n := range p.Nodes {
		names = append(names, n.Name)
	}
	if got := strings.Join(names, " "); got != "clean features fit score" {
		t.Fatalf("order = %s", got)
	}
	byName := map[string]*Node{}
	for _, n := range p.Nodes {
		byName[n.Name] = n
	}
	if got := strings.Join(byName["clean"].Command.Argv, " "); got != "python clean.py data/01_raw/raw.csv data/02/clean.pq --n 3" {
		t.Errorf("clean argv = %q", got)
	}
	if got := byName["features"].Command.Argv[4]; got != `["a","b<c"]` {
		t.Errorf("list parameter = %q", got)
	}
	fit := byName["fit"]
	want := "python fit.py --data data/03/features.pq --model 'data/06/model.pkl/{version:model}/model.pkl' --alpha 1e-05"
	if fit.Command.Shell != want || fit.Command.EntryPoint != "fit" {
		t.Errorf("fit command = %+v, want %q", fit.Command, want)
	}
	if fit.Environment == nil || fit.Environment.Kind != "python_env" || fit.Environment.File != "python_env.yaml" || !strings.HasPrefix(fit.Environment.Digest, "sha256:") {
		t.Errorf("fit environment = %+v", fit.Environment)
	}
	if got := string(fit.Parameters["params:opts.alpha"]); got != "1e-05" {
		t.Errorf("fit parameters = %v", fit.Parameters)
	}
	score := byName["score"]
	if want := "python score.py 'data/06/model.pkl/{version:model}/model.pkl' > '.kfc/runs/{run_id}/data/score'"; score.Command.Shell != want {
		t.Errorf("score command = %q, want %q", score.Command.Shell, want)
	}
	if got := strings.Join(score.DependsOn, ","); got != "node.fit" {
		t.Errorf("score depends on %s", got)
	}
}

func TestCompileDatasets(t *testing.T) {
	p := build(t, Options{})
	raw := p.Datasets["raw"]
	if raw.Path != "data/01_raw/raw.csv" || !raw.Persisted || raw.Credentials != "dev_s3" || raw.Producer != "" || strings.Join(raw.Consumers, ",") != "node.clean" {
		t.Errorf("raw = %+v", raw)
	}
	f := p.Datasets["features"]
	if f.Pattern != "{name}s" || f.Resolution != "pattern" || strings.Contains(string(f.Config), "SECRET") || !strings.Contains(string(f.Config), RedactedCredentials) {
		t.Errorf("features = %+v config %s", f, f.Config)
	}
	s := p.Datasets["score"]
	if s.Persisted || s.Path != ".kfc/runs/{run_id}/data/score" || s.Type != DefaultType || s.Resolution != "default" {
		t.Errorf("score = %+v", s)
	}
	m := p.Datasets["model"]
	if !m.Versioned || m.Path != "data/06/model.pkl" || m.Producer != "node.fit" {
		t.Errorf("model = %+v", m)
	}
}

func TestCompileLoadVersions(t *testing.T) {
	p := build(t, Options{Selection: Selection{Nodes: []string{"score"}}, LoadVersions: map[string]string{"model": "2024-01-01T00.00.00.000Z"}})
	if len(p.Nodes) != 1 {
		t.Fatalf("nodes = %d", len(p.Nodes))
	}
	// score's output is in memory and its only node is selected: fine.
	if !strings.Contains(p.Nodes[0].Command.Shell, "data/06/model.pkl/2024-01-01T00.00.00.000Z/model.pkl") {
		t.Errorf("pinned version not rendered: %s", p.Nodes[0].Command.Shell)
	}
	if p.Datasets["model"].LoadVersion != "2024-01-01T00.00.00.000Z" || p.Selectors.LoadVersions["model"] == "" {
		t.Errorf("load version not recorded")
	}
	for _, tc := range []struct {
		lv   map[string]string
		want string
	}{
		{map[string]string{"modle": "v1"}, `the catalog has no dataset named "modle"; did you mean "model"?`},
		{map[string]string{"raw": "v1"}, `dataset "raw" is not versioned`},
		{map[string]string{"model": "../x"}, `is not a valid version`},
	} {
		_, err := Compile(Input{Project: testProject(t), Resolve: testResolve(t)}, Options{LoadVersions: tc.lv})
		var se *SelectionError
		if !errors.As(err, &se) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err = %v, want %q", tc.lv, err, tc.want)
		}
	}
}

func TestCompileRefusesUnpersistedFreeInput(t *testing.T) {
	_, err := Compile(Input{Project: testProject(t), Resolve: testResolve(t)}, Options{Selection: Selection{FromNodes: []string{"score"}}})
	if err != nil {
		t.Fatalf("score reads the persisted model: %v", err)
	}
	proj := testProject(t)
	resolve := func(name string) Resolved {
		if name == "model" {
			return Resolved{Kind: ResolvedDefault}
		}
		return testResolve(t)(name)
	}
	_, err = Compile(Input{Project: proj, Resolve: resolve}, Options{Selection: Selection{Nodes: []string{"score"}}})
	var be *BuildError
	if !errors.As(err, &be) || !strings.Contains(err.Error(), `node "score" reads "model", which no selected node writes and no catalog entry persists`) {
		t.Fatalf("err = %v", err)
	}
}

func TestPlanJSONIsCanonical(t *testing.T) {
	p := build(t, Options{KfcVersion: "test"})
	b, err := Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(string(b), "}\n") || strings.Contains(string(b), `\u003c`) {
		t.Errorf("want a trailing newline and no HTML escapes")
	}
	checkSortedKeys(t, b)
	back, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Encode(back)
	if string(again) != string(b) {
		t.Errorf("decode/encode is not the identity")
	}
	if PlanHash(back) != p.Hash || back.Hash != p.Hash {
		t.Errorf("hash of the decoded plan differs")
	}
	if err := back.Verify(); err != nil {
		t.Errorf("Verify: %v", err)
	}
	back.Nodes[0].Command.Argv[0] = "edited"
	if err := back.Verify(); err == nil || !strings.Contains(err.Error(), `node "clean": hash`) {
		t.Errorf("Verify of an edited plan: %v", err)
	}
}

// checkSortedKeys fails unless every JSON object in b lists its keys in
// sorted order.
func checkSortedKeys(t *testing.T, b []byte) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(string(b)))
	type frame struct {
		object bool
		expect bool // next string token is a key
		last   string
	}
	var stack []frame
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		top := func() *frame { return &stack[len(stack)-1] }
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{':
				if len(stack) > 0 && top().object {
					top().expect = true
				}
				stack = append(stack, frame{object: true, expect: true})
				continue
			case '[':
				if len(stack) > 0 && top().object {
					top().expect = true
				}
				stack = append(stack, frame{})
				continue
			default:
				stack = stack[:len(stack)-1]
				continue
			}
		case string:
			if len(stack) > 0 && top().object && top().expect {
				if v < top().last {
					t.Fatalf("key %q after %q: keys not sorted", v, top().last)
				}
				top().last = v
				top().expect = false
				continue
			}
		}
		if len(stack) > 0 && top().object {
			top().expect = true
		}
	}
}

func TestHashesChangeWithDefinitions(t *testing.T) {
	a := build(t, Options{})
	proj := testProject(t)
	proj.Config["parameters"] = parse(t, "conf/base/parameters.yml", strings.Replace(testParams, "n: 3", "n: 4", 1))
	b, err := Compile(Input{Project: proj, Resolve: testResolve(t)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Hash == b.Hash {
		t.Errorf("plan hash did not change")
	}
	for i := range a.Nodes {
		changed := a.Nodes[i].Hash != b.Nodes[i].Hash
		if changed != (a.Nodes[i].Name == "clean") {
			t.Errorf("node %s: hash changed = %v", a.Nodes[i].Name, changed)
		}
	}
	d := Compare(a, b)
	if len(d.Nodes.Changed) != 1 || d.Nodes.Changed[0].ID != "node.clean" {
		t.Fatalf("diff = %+v", d.Nodes)
	}
	var fields []string
	for _, c := range d.Nodes.Changed[0].Changes {
		fields = append(fields, c.Field)
	}
	if got := strings.Join(fields, ","); got != "command,parameter params:opts.n" {
		t.Errorf("changed fields = %s", got)
	}
	if got := strings.Join(d.Nodes.Changed[0].Invalidates, ","); got != "node.features,node.fit,node.score" {
		t.Errorf("invalidates = %s", got)
	}
	if got := strings.Join(d.Invalidated, ","); got != "node.clean,node.features,node.fit,node.score" {
		t.Errorf("invalidated = %s", got)
	}
}

// The hand-written encoder must agree byte for byte with encoding/json over
// the same types (field order, omitempty, indentation, escaping).
func TestEncodeMatchesEncodingJSON(t *testing.T) {
	p := build(t, Options{KfcVersion: "test", Params: "a=<b>&c", Selection: Selection{Tags: []string{"ml", "etl"}}})
	p.Project.Name = "Ünïcode <&> \u2028 \"quoted\""
	mine, _ := Encode(p)
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(p); err != nil {
		t.Fatal(err)
	}
	if string(mine) != b.String() {
		t.Errorf("encoders differ:\nmine:\n%s\nencoding/json:\n%s", mine, b.String())
	}
}

func TestCompileWithoutPipelines(t *testing.T) {
	proj := testProject(t)
	delete(proj.Config, "pipelines")
	_, err := Compile(Input{Project: proj}, Options{})
	var be *BuildError
	if !errors.As(err, &be) || !strings.Contains(err.Error(), "the project defines no pipelines") {
		t.Fatalf("err = %v", err)
	}
}

// An entry point that is a script of the project runs as MLflow runs it.
func TestCompileScriptEntryPoint(t *testing.T) {
	proj := testProject(t)
	proj.Config["pipelines"] = parse(t, "conf/base/pipelines.yml", `
__default__:
  nodes:
    - {name: s, entry_point: steps/run.sh, inputs: {data: raw}, params: {n: params:opts.n}, outputs: {out: clean}}
    - {name: bad, entry_point: nope, inputs: clean, outputs: x}
`)
	_, err := Compile(Input{Project: proj, Resolve: testResolve(t)}, Options{})
	if err == nil || !strings.Contains(err.Error(), `node "bad": Could not find nope among entry points ['fit'] or interpret nope as a runnable script`) {
		t.Fatalf("err = %v", err)
	}
	p, err := Compile(Input{Project: proj, Resolve: testResolve(t)}, Options{Selection: Selection{Nodes: []string{"s"}}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.Nodes[0].Command.Shell, "bash steps/run.sh --data data/01_raw/raw.csv --n 3 --out data/02/clean.pq"; got != want {
		t.Errorf("command = %q, want %q", got, want)
	}
}

func TestCompileEmptyPipeline(t *testing.T) {
	proj := testProject(t)
	proj.Config["pipelines"] = parse(t, "conf/base/pipelines.yml", "empty: {nodes: []}\n__default__: [empty]\n")
	_, err := Compile(Input{Project: proj}, Options{})
	var be *BuildError
	if !errors.As(err, &be) || err.Error() != `pipeline "__default__" has no nodes: nothing to build` {
		t.Fatalf("err = %v", err)
	}
}
