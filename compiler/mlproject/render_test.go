package mlproject

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
)

// corpusDir holds MLflow's example MLprojects (../shared/corpus from the
// repository root), read, never copied.
const corpusDir = "../../../shared/corpus/mlflow/mlproject"

// renderCases were produced by MLflow's own EntryPoint.compute_command
// (mlflow/projects/_project_spec.py, run outside this repository with the
// key quoting of MLflow PR #23181) on the corpus and on variations; err
// is the exception's message, matched as a substring.
var renderCases = []struct {
	corpus, src string
	ep          string
	values      []Value
	want, err   string
}{
	{corpus: `hyperparam/MLproject`, ep: "train", values: []Value{}, want: `python train.py https://raw.githubusercontent.com/mlflow/mlflow/master/tests/datasets/winequality-white.csv --batch-size 16 --epochs 32 --learning-rate 1e-1 --momentum 0.0`},
	{corpus: `hyperparam/MLproject`, ep: "hyperopt", values: []Value{{"max_runs", "3"}, {"metric", "mae"}}, want: `python -O search_hyperopt.py https://raw.githubusercontent.com/mlflow/mlflow/master/tests/datasets/winequality-white.csv --max-runs 3 --epochs 32 --metric mae --algo tpe.suggest --seed 97531`},
	{corpus: `docker/MLproject`, ep: "main", values: []Value{{"alpha", "0.4"}}, want: `python train.py --alpha 0.4 --l1-ratio 0.1`},
	{corpus: `docker/MLproject`, ep: "main", values: []Value{}, err: `No value given for missing parameters: 'alpha'`},
	{corpus: `multistep_workflow/MLproject`, ep: "etl_data", values: []Value{{"ratings_csv", "data/ratings file.csv"}}, want: `python etl_data.py --ratings-csv 'data/ratings file.csv' --max-row-limit 100000`},
	{corpus: `sklearn_elasticnet_wine/MLproject`, ep: "main", values: []Value{{"alpha", "it's"}, {"extra", "a b"}, {"z", ""}}, want: `python train.py 'it'"'"'s' 0.1 --extra 'a b' --z ''`},
	{corpus: `tests_example_project/MLproject`, ep: "greeter", values: []Value{{"name", "friend"}}, want: `python greeter.py hi friend`},
	{corpus: `tests_example_project/MLproject`, ep: "download_uri", values: []Value{{"uri", "not-a-uri"}}, err: `Expected URI for parameter uri but got not-a-uri`},
	{corpus: `tests_example_project/MLproject`, ep: "download_uri", values: []Value{{"uri", "mailto:a@b"}}, want: `curl mailto:a@b | wc -l`},
	{corpus: `tests_example_project/MLproject`, ep: "download_uri", values: []Value{{"uri", ""}}, err: `Expected URI for parameter uri but got `},
	{corpus: `tests_example_project/MLproject`, ep: "greeter", values: []Value{}, err: `No value given for missing parameters: 'name'`},
	{src: `entry_points:
  main:
    parameters:
      a: {type: float, default: 1.0e+5}
      b: {default: 0.00001}
      c: {default: 0x1F}
      d: {default: 010}
      e: {default: '1:30'}
      f: {default: 1:30}
      g: {default: yes}
      h: {default: off}
      i: {default: [1, two, 3.0]}
      j: {default: {k: v}}
      k: {default: 2001-12-14}
    command: 'run {a} {b} {c} {d} {e} {f} {g} {h} {i} {j} {k}'
`, ep: "main", values: []Value{}, want: `run 100000.0 1e-05 31 8 1:30 90 True False '[1, '"'"'two'"'"', 3.0]' '{'"'"'k'"'"': '"'"'v'"'"'}' 2001-12-14`},
	{src: `entry_points:
  main:
    parameters:
      l1-ratio: {default: 0.5}
    command: 'echo {l1-ratio} {{literal}} {l1-ratio:>8}| {l1-ratio!r} {l1-ratio[0]}'
`, ep: "main", values: []Value{{"l1-ratio", "a b"}}, want: `echo 'a b' {literal}    'a b'| "'a b'" '`},
	{src: `entry_points:
  main:
    parameters:
      a.b: {default: 1}
    command: 'echo {a.b}'
`, ep: "main", values: []Value{}, err: `KeyError: 'a'`},
	{src: `entry_points:
  main:
    command: 'echo {}'
`, ep: "main", values: []Value{}, err: `IndexError: Replacement index 0 out of range for positional args tuple`},
	{src: `entry_points:
  main:
    command: 'echo {1}'
`, ep: "main", values: []Value{}, err: `IndexError: Replacement index 1 out of range for positional args tuple`},
	{src: `entry_points:
  main:
    command: 'echo }'
`, ep: "main", values: []Value{}, err: `ValueError: Single '}' encountered in format string`},
	{src: `entry_points:
  main:
    command: 'echo {x}'
`, ep: "main", values: []Value{{"x", "1"}}, err: `KeyError: 'x'`},
	{src: `entry_points:
  main:
    command: 'echo'
`, ep: "main", values: []Value{{"with space", "a b"}, {"", "empty-key"}, {"--flag", "$(rm -rf ~)"}}, want: `echo --'with space' 'a b' --'' empty-key ----flag '$(rm -rf ~)'`},
	{src: `entry_points:
  main:
    parameters:
      p: {}
      q: {default: null}
    command: 'echo {p} {q}'
`, ep: "main", values: []Value{}, err: `No value given for missing parameters: 'p', 'q'`},
	{src: `entry_points:
  main:
    parameters:
      p: path
    command: 'cat {p}'
`, ep: "main", values: []Value{{"p", "./sub/../data.csv"}}, want: `cat ./sub/../data.csv`},
}

func parseString(t testing.TB, src string) (*Project, []diag.Diagnostic) {
	t.Helper()
	var dl diag.List
	p := Parse(&config.File{Path: "MLproject", Src: []byte(src)}, &dl)
	return p, dl.Items()
}

func TestRenderMatchesMLflow(t *testing.T) {
	for _, c := range renderCases {
		src := c.src
		name := c.corpus + c.src
		if c.corpus != "" {
			b, err := os.ReadFile(filepath.Join(corpusDir, c.corpus))
			if err != nil {
				t.Logf("skipping %s: corpus absent (%v)", c.corpus, err)
				continue
			}
			src = string(b)
		}
		p, _ := parseString(t, src)
		ep := p.EntryPoint(c.ep)
		if ep == nil {
			t.Fatalf("%s: no entry point %s", name, c.ep)
		}
		got, err := ep.RenderValues(c.values)
		switch {
		case c.err != "":
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s %s %v: got (%q, %v), want error %q", name, c.ep, c.values, got, err, c.err)
			}
		case err != nil:
			t.Errorf("%s %s %v: %v, want %q", name, c.ep, c.values, err, c.want)
		case got != c.want:
			t.Errorf("%s %s %v:\n got %s\nwant %s", name, c.ep, c.values, got, c.want)
		}
	}
}

func TestRenderSortsUndeclaredValues(t *testing.T) {
	p, _ := parseString(t, "entry_points:\n  main:\n    parameters: {a: string}\n    command: run {a}\n")
	got, err := p.EntryPoint("main").Render(map[string]string{"z": "1", "a": "x", "b": "2 3"})
	if want := "run x --b '2 3' --z 1"; err != nil || got != want {
		t.Fatalf("got (%q, %v), want %q", got, err, want)
	}
}

func TestRenderRepeatedValueKeepsFirstPlace(t *testing.T) {
	p, _ := parseString(t, "entry_points:\n  main:\n    command: run\n")
	got, _ := p.EntryPoint("main").RenderValues([]Value{{"x", "1"}, {"y", "2"}, {"x", "3"}})
	if want := "run --x 3 --y 2"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestRenderWithoutCommand(t *testing.T) {
	p, _ := parseString(t, "entry_points:\n  main:\n    parameters: {a: string}\n")
	if _, err := p.EntryPoint("main").Render(nil); err == nil {
		t.Fatal("want an error for an entry point without a command")
	}
}

func TestResolveScripts(t *testing.T) {
	p, _ := parseString(t, "entry_points:\n  main:\n    command: run\n  other:\n    command: x\n")
	for _, c := range []struct{ name, shell, want, err string }{
		{name: "main", want: "run"},
		{name: "train.py", want: "python train.py"},
		{name: "my script.py", want: "python 'my script.py'"},
		{name: "job.sh", shell: "/bin/zsh", want: "/bin/zsh job.sh"},
		{name: "job.sh", want: "bash job.sh"},
		{name: "a.R", want: `Rscript -e "mlflow::mlflow_source('a.R')" --args`},
		{name: "Train.PY", err: "Could not find Train.PY among entry points ['main', 'other'] or interpret Train.PY as a runnable script. Supported script file extensions: ['.py', '.sh']"},
		{name: ".py", err: "Could not find .py"},
		{name: "dir.py/x", err: "Could not find dir.py/x"},
	} {
		ep, err := p.Resolve(c.name, c.shell)
		if c.err != "" {
			if err == nil || !strings.HasPrefix(err.Error(), c.err) {
				t.Errorf("%s: got %v, want error %q", c.name, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got, _ := ep.Render(nil); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
	var none *Project
	if ep, err := none.Resolve("train.py", ""); err != nil || ep.Command != "python train.py" {
		t.Errorf("no MLproject: got (%v, %v)", ep, err)
	}
}
