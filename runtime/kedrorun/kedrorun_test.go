package kedrorun

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/plan"
)

func TestInputCarriesOnlyReferencedCredentials(t *testing.T) {
	n := &plan.Node{Name: "ns.n", Parameters: map[string]plan.RawValue{"params:a": plan.RawValue(`1`)},
		Command: plan.Command{Kedro: &plan.KedroCommand{Function: "m:f", Inputs: plan.RawValue(`["x","params:a"]`), Outputs: plan.RawValue(`"y"`)}}}
	x := &plan.Dataset{Name: "x", Config: plan.RawValue(`{"credentials":"db","type":"pandas.SQLTableDataset"}`), Credentials: "db", Persisted: true}
	y := &plan.Dataset{Name: "y", Config: plan.RawValue(`{"type":"MemoryDataset"}`)}
	secrets := map[string]map[string]string{"db": {"con": "sqlite:///x"}, "other": {"key": "NEVER"}}
	b, err := Input(n, []Artifact{{"x", "", x}, {"y", ".kfc/runs/r/data/y", y}}, secrets)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "NEVER") || !strings.Contains(string(b), `"credentials":{"db":{"con":"sqlite:///x"}}`) {
		t.Errorf("credentials: %s", b)
	}
	if _, err := Input(n, []Artifact{{"x", "", x}}, nil); err == nil || !strings.Contains(err.Error(), `credentials "db"`) {
		t.Errorf("missing credentials: %v", err)
	}
	k := n.Command.Kedro
	before := Display(k)
	k.Sources = []plan.SourceFile{{Path: "src/m.py", Digest: "sha256:00"}}
	if after := Display(k); after == before || !strings.HasPrefix(after, `kedro m:f ["x","params:a"] -> "y" [sources `) {
		t.Errorf("Display: %q then %q", before, after)
	}
}

// TestRunnerWithRealKedro runs the embedded runner on the test project:
// CSV in and out through Kedro's pandas.CSVDataset, parameters, unpersisted
// outputs as pickles read by the next node, a versioned pickle at the path
// kfc chose, and a failing function's traceback with a non-zero exit.
func TestRunnerWithRealKedro(t *testing.T) {
	path := os.Getenv("KFC_KEDRO_PYTHONPATH")
	if path == "" {
		t.Skip("needs Kedro: set KFC_KEDRO_PYTHONPATH to checkouts of kedro and kedro-datasets (docs/kedro.md#tests)")
	}
	python := os.Getenv("KFC_PYTHON")
	if python == "" {
		python = "python3"
	}
	root := t.TempDir()
	if err := exec.Command("cp", "-r", "../../testdata/projects/kedro-spaceflights/.", root).Run(); err != nil {
		t.Fatal(err)
	}
	script, err := WriteScript(filepath.Join(root, ".kfc/runs/r1"))
	if err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "PYTHONPATH="+path)
	run := func(n *plan.Node, arts []Artifact) (string, error) {
		in, err := Input(n, arts, nil)
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(python, script)
		cmd.Dir, cmd.Env, cmd.Stdin = root, env, bytes.NewReader(in)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	csv := func(name, p string) Artifact {
		return Artifact{name, p, &plan.Dataset{Name: name, Persisted: true, Config: plan.RawValue(`{"filepath":"` + p + `","type":"pandas.CSVDataset"}`)}}
	}
	mem := func(name string) Artifact {
		return Artifact{name, ".kfc/runs/r1/data/" + name, &plan.Dataset{Name: name, Config: plan.RawValue(`{"type":"MemoryDataset"}`)}}
	}
	kedro := func(name, fn, inputs, outputs string, params map[string]plan.RawValue) *plan.Node {
		return &plan.Node{Name: name, Parameters: params, Command: plan.Command{Kedro: &plan.KedroCommand{Function: fn, Inputs: plan.RawValue(inputs), Outputs: plan.RawValue(outputs)}}}
	}
	dp := "spaceflights.pipelines.data_processing.nodes:"
	ds := "spaceflights.pipelines.data_science.nodes:"

	staged := ".kfc/runs/r1/staging/x/data/02_intermediate/preprocessed_companies.csv"
	if out, err := run(kedro("preprocess_companies_node", dp+"preprocess_companies", `"companies"`, `"preprocessed_companies"`, nil),
		[]Artifact{csv("companies", "data/01_raw/companies.csv"), csv("preprocessed_companies", staged)}); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(root, staged))
	if err != nil || !strings.Contains(string(b), "True") && !strings.Contains(string(b), "False") {
		t.Fatalf("staged output: %v\n%s", err, b)
	}

	// A table with the columns split_data selects.
	table := "data/03_primary/model_input_table.csv"
	os.MkdirAll(filepath.Join(root, "data/03_primary"), 0o755)
	os.WriteFile(filepath.Join(root, table), []byte("engines,passenger_capacity,price\n1,2,10\n2,3,20\n3,4,30\n4,5,40\n"), 0o644)
	opts := map[string]plan.RawValue{"params:model_options": plan.RawValue(`{"features":["engines","passenger_capacity"],"random_state":3,"test_size":0.25}`)}
	if out, err := run(kedro("split_data_node", ds+"split_data", `["model_input_table@pandas","params:model_options"]`, `["X_train","X_test","y_train","y_test"]`, opts),
		[]Artifact{csv("model_input_table@pandas", table), mem("X_train"), mem("X_test"), mem("y_train"), mem("y_test")}); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, name := range []string{"X_train", "X_test", "y_train", "y_test"} {
		if _, err := os.Stat(filepath.Join(root, ".kfc/runs/r1/data", name)); err != nil {
			t.Errorf("unpersisted output %s not pickled: %v", name, err)
		}
	}
	version := "data/06_models/regressor.pickle/2026-12-02T04.00.00.000Z/regressor.pickle"
	regressor := Artifact{"regressor", version, &plan.Dataset{Name: "regressor", Persisted: true, Versioned: true,
		Config: plan.RawValue(`{"filepath":"data/06_models/regressor.pickle","type":"pickle.PickleDataset","versioned":true}`)}}
	if out, err := run(kedro("train_model_node", ds+"train_model", `["X_train","y_train"]`, `"regressor"`, nil),
		[]Artifact{mem("X_train"), mem("y_train"), regressor}); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(root, version)); err != nil {
		t.Errorf("versioned output not at the path kfc chose: %v", err)
	}
	metrics := Artifact{"metrics", "data/08_reporting/metrics.json", &plan.Dataset{Name: "metrics", Persisted: true,
		Config: plan.RawValue(`{"filepath":"data/08_reporting/metrics.json","type":"json.JSONDataset"}`)}}
	if out, err := run(kedro("evaluate_model_node", ds+"evaluate_model", `{"X_test":"X_test","regressor":"regressor","y_test":"y_test"}`, `"metrics"`, nil),
		[]Artifact{regressor, mem("X_test"), mem("y_test"), metrics}); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var m map[string]any
	b, _ = os.ReadFile(filepath.Join(root, "data/08_reporting/metrics.json"))
	if err := json.Unmarshal(b, &m); err != nil || m["n"] != float64(1) {
		t.Errorf("metrics: %v %s", err, b)
	}

	// A failing function: non-zero exit, the traceback on the output.
	out, err := run(kedro("broken", ds+"train_model", `["X_test","regressor"]`, `"y"`, nil), []Artifact{mem("X_test"), regressor, mem("y")})
	if err == nil || !strings.Contains(out, "Traceback (most recent call last)") {
		t.Errorf("failure: %v\n%s", err, out)
	}
	// Kedro's own binding check: two outputs declared, one value returned.
	out, err = run(kedro("bad_outputs", ds+"train_model", `["X_train","y_train"]`, `["a","b"]`, nil), []Artifact{mem("X_train"), mem("y_train"), mem("a"), mem("b")})
	if err == nil || !strings.Contains(out, "Traceback") {
		t.Errorf("wrong outputs: %v\n%s", err, out)
	}
}

// kedro-mlflow's metric datasets are written as the JSON files kfc's
// recorder reads, and read back as kedro-mlflow loads them, with no
// kedro_mlflow (or Kedro) to import: kfc does the tracking.
func TestRunnerMetricDatasetsNeedNoKedroMlflow(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("needs python3")
	}
	dir := t.TempDir()
	script, err := WriteScript(dir)
	if err != nil {
		t.Fatal(err)
	}
	metric := filepath.Join(dir, "data", "r2")
	history := filepath.Join(dir, "data", "loss")
	prog := `import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("runner", sys.argv[1])
r = importlib.util.module_from_spec(spec); spec.loader.exec_module(r)
m = {"config": {"type": "kedro_mlflow.io.metrics.MlflowMetricDataset"}, "path": sys.argv[2], "persisted": False}
h = {"config": {"type": "kedro_mlflow.io.metrics.MlflowMetricHistoryDataset"}, "path": sys.argv[3], "persisted": False}
r.save("r2", m, {}, {"value": 0.75, "step": 2})
r.save("loss", h, {}, [0.5, 0.25])
print(json.dumps([r.load("r2", m, {}), r.load("loss", h, {})]))
`
	out, err := exec.Command(py, "-c", prog, script, metric, history).CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if got := strings.TrimSpace(string(out)); got != "[0.75, [0.5, 0.25]]" {
		t.Errorf("loaded %s", got)
	}
	for path, want := range map[string]string{metric: `{"value": 0.75, "step": 2}`, history: `[0.5, 0.25]`} {
		b, err := os.ReadFile(path)
		if err != nil || string(b) != want {
			t.Errorf("%s = %q, %v; want %q", path, b, err, want)
		}
	}
}
