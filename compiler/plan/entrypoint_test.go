package plan

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
)

const epMLproject = `
name: bare
python_env: python_env.yaml
entry_points:
  main:
    parameters:
      alpha: float
      epochs: {type: int, default: 10}
      data: {type: path, default: data/in.csv}
      flag: {type: bool, default: true}
      model: {type: uri, default: "models:/m/1"}
      note: {type: string, default: "a b"}
    command: "python train.py --alpha {alpha} --epochs {epochs} --data {data} --flag {flag} --model {model} --note {note}"
`

// epProject writes files (path -> content) into a fresh folder and loads
// it as kfc build --entry-point does.
func epProject(t *testing.T, files map[string]string) *config.Project {
	t.Helper()
	root := t.TempDir()
	for name, src := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var diags diag.List
	proj, err := config.Load(config.LoadOptions{Root: root, Getenv: func(string) (string, bool) { return "", false }, Scripts: true}, &diags)
	if err != nil {
		t.Fatal(err)
	}
	if diags.Len() > 0 {
		t.Fatalf("load: %v", diags.Items())
	}
	return proj
}

func bareProject(t *testing.T) *config.Project {
	return epProject(t, map[string]string{
		"MLproject":       epMLproject,
		"python_env.yaml": "python: \"3.11\"\n",
		"train.py":        "",
		"data/in.csv":     "x\n",
		"data/other.csv":  "y\n",
		"data/a b.csv":    "z\n",
	})
}

func compileEP(t *testing.T, proj *config.Project, name string, params ...string) (*Plan, error) {
	t.Helper()
	return CompileEntryPoint(EntryPointInput{Project: proj, EntryPoint: name, Params: params}, EntryPointOptions{KfcVersion: "test"})
}

func TestCompileEntryPoint(t *testing.T) {
	proj := bareProject(t)
	p, err := compileEP(t, proj, "main", "alpha=0.5", "zeta=last", "extra=x y", "epochs=3")
	if err != nil {
		t.Fatal(err)
	}
	validate(t, p) // encodes it, which fills in the plan hash
	if err := p.Verify(); err != nil {
		t.Fatal(err)
	}
	if p.EntryPoint != "main" || p.Pipeline != "" || len(p.Nodes) != 1 || len(p.Datasets) != 0 {
		t.Fatalf("plan shape: %+v", p)
	}
	n := p.Nodes[0]
	// Undeclared values follow in the order given, as mlflow run appends them.
	want := "python train.py --alpha 0.5 --epochs 3 --data data/in.csv --flag True --model models:/m/1 --note 'a b' --zeta last --extra 'x y'"
	if n.ID != "node.main" || n.Command.Shell != want || n.Command.EntryPoint != "main" {
		t.Errorf("node %s command %q, want %q", n.ID, n.Command.Shell, want)
	}
	gotParams := map[string]string{}
	for k, v := range n.Parameters {
		gotParams[k] = v.String()
	}
	wantParams := map[string]string{
		"-P:alpha": `"0.5"`, "-P:epochs": `"3"`, "-P:data": `"data/in.csv"`, "-P:flag": `"True"`,
		"-P:model": `"models:/m/1"`, "-P:note": `"a b"`, "-P:zeta": `"last"`, "-P:extra": `"x y"`,
	}
	if len(gotParams) != len(wantParams) {
		t.Errorf("parameters %v, want %v", gotParams, wantParams)
	}
	for k, v := range wantParams {
		if gotParams[k] != v {
			t.Errorf("parameter %s = %s, want %s", k, gotParams[k], v)
		}
	}
	if n.Environment == nil || n.Environment.Kind != "python_env" || n.Environment.File != "python_env.yaml" || !strings.HasPrefix(n.Environment.Digest, "sha256:") {
		t.Errorf("environment %+v", n.Environment)
	}
	if p.Project.Name != "bare" || p.Project.MLproject != "MLproject" || p.Env != "local" {
		t.Errorf("project %+v env %s", p.Project, p.Env)
	}
}

func TestCompileEntryPointDeterministicAndSealed(t *testing.T) {
	enc := func(proj *config.Project) []byte {
		p, err := compileEP(t, proj, "main", "alpha=1", "data=data/other.csv")
		if err != nil {
			t.Fatal(err)
		}
		b, err := Encode(p)
		if err != nil {
			t.Fatal(err)
		}
		q, err := Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		if err := q.Verify(); err != nil {
			t.Fatalf("decoded plan: %v", err)
		}
		return b
	}
	a, b := enc(bareProject(t)), enc(bareProject(t))
	if !bytes.Equal(a, b) {
		t.Fatalf("two folders, two plans:\n%s\n%s", a, b)
	}
	if bytes.Contains(a, []byte(os.TempDir())) {
		t.Fatalf("plan holds an absolute path:\n%s", a)
	}
}

func TestCompileEntryPointParamChangesNodeHash(t *testing.T) {
	proj := bareProject(t)
	p1, err1 := compileEP(t, proj, "main", "alpha=1")
	p2, err2 := compileEP(t, proj, "main", "alpha=2")
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if p1.Nodes[0].Hash == p2.Nodes[0].Hash {
		t.Fatal("a different -P value must change the node hash")
	}
}

func TestCompileEntryPointPathValues(t *testing.T) {
	proj := bareProject(t)
	abs := filepath.Join(proj.Root, "data", "other.csv")
	for _, c := range []struct{ value, want string }{
		{"data/other.csv", "data/other.csv"},
		{"./data/other.csv", "./data/other.csv"},
		{"data/a%20b.csv", "'data/a b.csv'"}, // MLflow percent-decodes local paths
		{"file:data/other.csv", "data/other.csv"},
		{"file://" + abs, abs},
		{abs, abs},
	} {
		p, err := compileEP(t, proj, "main", "alpha=1", "data="+c.value)
		if err != nil {
			t.Errorf("data=%s: %v", c.value, err)
			continue
		}
		if cmd := p.Nodes[0].Command.Shell; !strings.Contains(cmd, "--data "+c.want+" ") {
			t.Errorf("data=%s: command %q, want --data %s", c.value, cmd, c.want)
		}
	}
}

func TestCompileEntryPointErrors(t *testing.T) {
	proj := bareProject(t)
	for _, c := range []struct {
		name   string
		params []string
		want   []string
	}{
		{"main", []string{"alpha"}, []string{"Invalid format for -P parameter: 'alpha'. Use -P name=value."}},
		{"main", []string{"alpha=1", "alpha=2"}, []string{"Repeated parameter: 'alpha'"}},
		{"main", []string{"=1"}, []string{"-P =1: the parameter name is empty. Use -P name=value."}},
		{"main", nil, []string{"No value given for missing parameters: 'alpha'"}},
		{"main", []string{"alpha=1", "note=\xff"}, []string{`-P "note=\xff" is not valid UTF-8`}},
		{"mian", []string{"alpha=1"}, []string{"--entry-point: Could not find mian among entry points ['main'] or interpret mian as a runnable script. Supported script file extensions: ['.py', '.sh']; did you mean \"main\"?"}},
		{"main", []string{"alpha=abc", "epochs=1e3", "flag=yes", "model=models/m", "data=nope.csv"}, []string{
			`-P alpha: "abc" is not a float`,
			`-P epochs: "1e3" is not an int`,
			`-P data: "nope.csv" does not exist (path parameters are relative to the project root)`,
			`-P flag: "yes" is not a bool (use true or false)`,
			`-P model: "models/m" is not a URI: it has no scheme such as file: or s3:`,
		}},
		{"main", []string{"alpha=1", "data=s3://bucket/x.csv"}, []string{`-P data: "s3://bucket/x.csv" is not a local path: MLflow downloads a remote path parameter before running, kfc does not; download it and pass the local path, or declare the parameter as uri`}},
		{"missing.py", nil, []string{"--entry-point missing.py: no such script in the project (a .py or .sh entry point is a file path relative to the project root)"}},
	} {
		_, err := compileEP(t, proj, c.name, c.params...)
		var se *SelectionError
		if !errors.As(err, &se) {
			t.Errorf("%s %v: want a *SelectionError, got %v", c.name, c.params, err)
			continue
		}
		if strings.Join(se.Problems, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s %v:\n got %q\nwant %q", c.name, c.params, se.Problems, c.want)
		}
	}
}

// Python's int() and float() accept surrounding whitespace and any
// Unicode decimal digits, so kfc does too; "1e3" is a float, not an int.
func TestCompileEntryPointPythonNumbers(t *testing.T) {
	proj := bareProject(t)
	for _, params := range [][]string{
		{"alpha= 1.5 ", "epochs= 7\n"},
		{"alpha=1e3", "epochs=1_000"},
		{"alpha=-inf", "epochs=٣"},
	} {
		if _, err := compileEP(t, proj, "main", params...); err != nil {
			t.Errorf("%q: %v", params, err)
		}
	}
}

func TestCompileEntryPointDefaultPathMustExist(t *testing.T) {
	proj := epProject(t, map[string]string{"MLproject": epMLproject, "python_env.yaml": "python: \"3.11\"\n"})
	_, err := compileEP(t, proj, "main", "alpha=1")
	if err == nil || err.Error() != `parameter data: the default "data/in.csv" does not exist (path parameters are relative to the project root)` {
		t.Fatalf("got %v", err)
	}
}

func TestCompileEntryPointRefusals(t *testing.T) {
	proj := bareProject(t)
	for _, m := range []string{"virtualenv", "uv", "conda"} {
		_, err := CompileEntryPoint(EntryPointInput{Project: proj, EntryPoint: "main", Params: []string{"alpha=1"}}, EntryPointOptions{EnvManager: m})
		if err == nil || !strings.Contains(err.Error(), "--env-manager "+m+" is not implemented") || !strings.Contains(err.Error(), "--env-manager local") {
			t.Errorf("%s: got %v", m, err)
		}
	}
	docker := epProject(t, map[string]string{"MLproject": "docker_env:\n  image: img:1\nentry_points:\n  main:\n    command: python x.py\n"})
	_, err := compileEP(t, docker, "main")
	if err == nil || !strings.Contains(err.Error(), `docker_env (image "img:1")`) || !strings.Contains(err.Error(), "mlflow run") {
		t.Errorf("docker: got %v", err)
	}
}

// A folder with only scripts is an MLflow convention-based project: a .py
// runs with python, a .sh with bash, every -P is appended.
func TestCompileEntryPointConventionScripts(t *testing.T) {
	proj := epProject(t, map[string]string{"train.py": "", "steps/run.sh": ""})
	if proj.MLproject != nil {
		t.Fatal("no MLproject expected")
	}
	p, err := compileEP(t, proj, "train.py", "b=2", "a=x y")
	if err != nil {
		t.Fatal(err)
	}
	validate(t, p)
	if got := p.Nodes[0].Command.Shell; got != "python train.py --b 2 --a 'x y'" {
		t.Errorf("train.py: %q", got)
	}
	if p.Nodes[0].Environment != nil {
		t.Errorf("no MLproject, no environment: %+v", p.Nodes[0].Environment)
	}
	p, err = compileEP(t, proj, "steps/run.sh")
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Nodes[0].Command.Shell; got != "bash steps/run.sh" {
		t.Errorf("run.sh: %q", got)
	}
}

func TestVerifyWantsPipelineOrEntryPoint(t *testing.T) {
	p, err := compileEP(t, bareProject(t), "main", "alpha=1")
	if err != nil {
		t.Fatal(err)
	}
	p.Pipeline = "__default__"
	p.Seal()
	if err := p.Verify(); err == nil || !strings.Contains(err.Error(), "exactly one of pipeline and entry_point") {
		t.Errorf("both: %v", err)
	}
	p.Pipeline, p.EntryPoint = "", ""
	p.Seal()
	if err := p.Verify(); err == nil {
		t.Error("neither: want an error")
	}
}

// A uri value that urlparse refuses (an unbalanced bracket in its host)
// is told apart from one without a scheme.
func TestCheckTypedValueURI(t *testing.T) {
	for value, want := range map[string]string{
		"s3://bucket/m": "",
		"models/m":      "is not a URI: it has no scheme such as file: or s3:",
		"http://[::1/m": "is not a valid URI (unbalanced [ or ] in its host)",
	} {
		if got := checkTypedValue("uri", value); got != want {
			t.Errorf("checkTypedValue(uri, %q) = %q, want %q", value, got, want)
		}
	}
}
