package mlproject

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// parseCases: an MLproject and every finding Parse reports for it, in
// `kfc vet` order. Each shape case is one on which MLflow ignores a key or
// crashes with an AttributeError (notes/mlflow.md, verified fact 9).
var parseCases = []struct {
	src  string
	want []string
}{
	{"", []string{
		"MLproject: the MLproject file is empty; MLflow fails on it with an AttributeError (write at least `entry_points:` with one entry point) [mlproject.Schema]",
	}},
	{"# only a comment\n", []string{
		"MLproject: the MLproject file is empty; MLflow fails on it with an AttributeError (write at least `entry_points:` with one entry point) [mlproject.Schema]",
	}},
	{"- a\n- b\n", []string{
		"MLproject:1:1: the MLproject file must be a mapping of keys such as name and entry_points, not a list [mlproject.Schema]",
	}},
	{"just a string\n", []string{
		"MLproject:1:1: the MLproject file must be a mapping of keys such as name and entry_points, not the string 'just a string' [mlproject.Schema]",
	}},
	{"entry_points:\n", []string{
		"MLproject:1:1: entry_points must be a mapping from entry point names to {parameters, command}, not null (MLflow fails with an AttributeError) [mlproject.Schema]",
	}},
	{"entry_points: [main]\n", []string{
		"MLproject:1:15: entry_points must be a mapping from entry point names to {parameters, command}, not a list (MLflow fails with an AttributeError) [mlproject.Schema]",
	}},
	{"entry_points:\n  main:\n", []string{
		"MLproject:2:3: entry point main must be a mapping with a command (and optional parameters), not null (MLflow fails with an AttributeError) [mlproject.Schema]",
	}},
	{"entry_points:\n  main: python train.py\n", []string{
		"MLproject:2:9: entry point main must be a mapping with a command (and optional parameters), not the string 'python train.py' (MLflow fails with an AttributeError) [mlproject.Schema]",
	}},
	{"entry_points:\n  main:\n    parameters:\n    command: run\n", []string{
		"MLproject:3:5: the parameters of entry point main must be a mapping from names to types or {type, default}, not null (MLflow fails with an AttributeError) [mlproject.Schema]",
	}},
	{"entry_points:\n  main:\n    parameters: [a, b]\n    command: run\n", []string{
		"MLproject:3:17: the parameters of entry point main must be a mapping from names to types or {type, default}, not a list (MLflow fails with an AttributeError) [mlproject.Schema]",
	}},
	{"entry_points:\n  main:\n    parameters:\n      a:\n      b: 5\n      c: [float]\n    command: run {a} {b} {c}\n", []string{
		"MLproject:4:7: parameter a must be a type name or a mapping {type, default}, not null (MLflow fails with an AttributeError) [mlproject.Schema]",
		"MLproject:5:10: parameter b must be a type name or a mapping {type, default}, not the int 5 (MLflow fails with an AttributeError) [mlproject.Schema]",
		"MLproject:6:10: parameter c must be a type name or a mapping {type, default}, not a list (MLflow fails with an AttributeError) [mlproject.Schema]",
	}},
	{"entry_points:\n  main:\n    parameters: {a: float}\n", []string{
		"MLproject:2:3: entry point main has no command (MLflow fails with an AttributeError when it runs) [mlproject.Schema]",
	}},
	{"entry_points:\n  main:\n    command: 5\n", []string{
		"MLproject:3:14: the command of entry point main must be a string, not the int 5 (MLflow fails with an AttributeError when it runs) [mlproject.Schema]",
	}},
	{"entry_points:\n  main:\n    command:\n", []string{
		"MLproject:3:5: the command of entry point main must be a string, not null (MLflow fails with an AttributeError when it runs) [mlproject.Schema]",
	}},
	{"name: 5\nentry_points:\n  main: {command: run}\n", []string{
		"MLproject:1:7: name must be a string, not the int 5 [mlproject.Schema]",
	}},
	{"name: demo\nentry_point:\n  main: {command: run}\nenv: x\n", []string{
		"MLproject:2:1: unknown key entry_point in the MLproject file (did you mean entry_points?); MLflow ignores it silently [mlproject.Schema]",
		"MLproject:4:1: unknown key env in the MLproject file; MLflow ignores it silently [mlproject.Schema]",
	}},
	{"entry_points:\n  main:\n    params: {a: float}\n    command: run\n", []string{
		"MLproject:3:5: unknown key params in entry point main; MLflow ignores it silently [mlproject.Schema]",
	}},
	{"entry_points:\n  main:\n    parameters:\n      a: {typ: float, default: 1}\n    command: run {a}\n", []string{
		"MLproject:4:11: unknown key typ in parameter a of entry point main (did you mean type?); MLflow ignores it silently [mlproject.Schema]",
	}},
	{"entry_points:\n  main:\n    parameters:\n      a: {type: 1}\n    command: run {a}\n", []string{
		"MLproject:4:17: the type of parameter a must be a string such as float or path, not the int 1 [mlproject.Schema]",
	}},
	{"entry_points:\n  1:\n    command: run\n  main:\n    parameters:\n      on: string\n      'yes': string\n    command: run\n", []string{
		"MLproject:2:3: entry point name 1 is read by YAML as the int 1, not as a string; quote it [mlproject.Schema]",
		"MLproject:6:7: parameter name on is read by YAML as the bool True, not as a string; quote it [mlproject.Schema]",
	}},
	{"python_env: ''\nentry_points:\n  main: {command: run}\n", []string{
		"MLproject:1:13: python_env must be the path of a file relative to the project, not an empty string [mlproject.Schema]",
	}},
	{"conda_env: [a]\nentry_points:\n  main: {command: run}\n", []string{
		"MLproject:1:12: conda_env must be the path of a file relative to the project, not a list [mlproject.Schema]",
	}},
	{"python_env: /abs/python_env.yaml\nentry_points:\n  main: {command: run}\n", []string{
		"MLproject:1:13: python_env must be a path relative to the project, not the absolute path /abs/python_env.yaml [mlproject.Schema]",
	}},
	{"databricks_spark_job:\n  python_file: job.py\n  extra: 1\nentry_points:\n  main:\n    parameters: {p: path}\n    command: run {p}\npython_env: p.yaml\n", []string{
		"MLproject:1:1: a Databricks Spark job cannot have both databricks_spark_job.python_file and entry_points [mlproject.Schema]",
		"MLproject:3:3: unknown key extra in databricks_spark_job; MLflow ignores it silently [mlproject.Schema]",
		"MLproject:6:18: a Databricks Spark job does not support path parameters (p of entry point main) [mlproject.Schema]",
		"MLproject:8:1: a Databricks Spark job cannot set python_env [mlproject.Schema]",
	}},
	{"entry_points:\n  main:\n    parameters:\n      a: data\n      b: {type: flaot}\n      c: {type: Float, default: 1}\n    command: run {a} {b} {c}\n", []string{
		"MLproject:4:10: parameter a has unknown type 'data' (did you mean path?); MLflow passes it through unchecked, kfc knows string, float, int, bool, path, uri [mlproject.ParamType]",
		"MLproject:5:17: parameter b has unknown type 'flaot' (did you mean float?); MLflow passes it through unchecked, kfc knows string, float, int, bool, path, uri [mlproject.ParamType]",
		"MLproject:6:17: parameter c has unknown type 'Float' (did you mean float?); MLflow passes it through unchecked, kfc knows string, float, int, bool, path, uri [mlproject.ParamType]",
	}},
	{"entry_points:\n  main:\n    parameters:\n      i1: {type: int, default: 1e5}\n      i2: {type: int, default: 0.5}\n      i3: {type: int, default: 0x1F}\n      i4: {type: int, default: '12'}\n      f1: {type: float, default: 1e-1}\n      f2: {type: float, default: abc}\n      f3: {type: float, default: .inf}\n      b1: {type: bool, default: yes}\n      b2: {type: bool, default: 'maybe'}\n      b3: {type: bool, default: 1}\n      p1: {type: path, default: ''}\n      p2: {type: path, default: data/x.csv}\n      u1: {type: uri, default: data/x.csv}\n      u2: {type: uri, default: 's3://bucket/key'}\n      u3: {type: uri, default: 'http://[::1/x'}\n      s1: {type: string, default: [1, 2]}\n      d1: {type: string, default: 2001-02-30}\n    command: run\n", []string{
		"MLproject:4:32: the default of parameter i1 does not fit its type int: '1e5' is not an int [mlproject.ParamType]",
		"MLproject:5:32: the default of parameter i2 does not fit its type int: '0.5' is not an int [mlproject.ParamType]",
		"MLproject:9:34: the default of parameter f2 does not fit its type float: 'abc' is not a float [mlproject.ParamType]",
		"MLproject:12:33: the default of parameter b2 does not fit its type bool: 'maybe' is not a bool (use true or false) [mlproject.ParamType]",
		"MLproject:14:33: the default of parameter p1 does not fit its type path: a path cannot be empty [mlproject.ParamType]",
		"MLproject:16:32: the default of parameter u1 does not fit its type uri: 'data/x.csv' is not a URI (it has no scheme such as file: or s3:) [mlproject.ParamType]",
		"MLproject:18:32: the default of parameter u3 does not fit its type uri: 'http://[::1/x' is not a valid URI (Invalid IPv6 URL) [mlproject.ParamType]",
		"MLproject:20:35: the default of parameter d1 cannot be loaded: \"2001-02-30\" reads as a YAML timestamp, but its day is out of range (PyYAML fails to load it) [mlproject.ParamType]",
	}},
	{"entry_points:\n  main:\n    parameters: {alpha: float, l1-ratio: {default: 0.1}}\n    command: \"python train.py {alpha} {l1-ratio} {l1_ratio} {beta} {{literal}}\"\n", []string{
		"MLproject:4:50: placeholder {l1_ratio} names no parameter of entry point main; MLflow fails with KeyError 'l1_ratio' (did you mean {l1-ratio}?) [mlproject.Placeholder]",
		"MLproject:4:61: placeholder {beta} names no parameter of entry point main; MLflow fails with KeyError 'beta' [mlproject.Placeholder]",
	}},
	{"entry_points:\n  main:\n    parameters: {a.b: string, a: string}\n    command: run {a.b} {a[0]} {a!r} {a!a} {a!s} {a!x} {a:>8} {a:+} {a:{b}} {a:{a:{a}}}\n", []string{
		"MLproject:4:18: placeholder {a.b} reads a Python attribute of the shell-quoted value of a; use {a} [mlproject.Placeholder]",
		"MLproject:4:24: placeholder {a[0]} indexes into the shell-quoted value of a, picking single characters of it; use {a} [mlproject.Placeholder]",
		"MLproject:4:31: placeholder {a!r} adds Python quotes around the already shell-quoted value of a; use {a} [mlproject.Placeholder]",
		"MLproject:4:37: placeholder {a!a} adds Python quotes around the already shell-quoted value of a; use {a} [mlproject.Placeholder]",
		"MLproject:4:49: placeholder {a!x} has an unknown conversion: str.format accepts !s, !r and !a [mlproject.Placeholder]",
		"MLproject:4:62: placeholder {a:+} has a format spec that str.format rejects for strings: Sign not allowed in string format specifier [mlproject.Placeholder]",
		"MLproject:4:71: placeholder {b} names no parameter of entry point main; MLflow fails with KeyError 'b' (did you mean {a}?) [mlproject.Placeholder]",
		"MLproject:4:79: placeholder {a:{a}} nests fields too deeply in its format spec (str.format: Max string recursion exceeded) [mlproject.Placeholder]",
	}},
	{"entry_points:\n  main:\n    command: run {} {0} } {x\n", []string{
		"MLproject:3:18: the command of entry point main has an empty placeholder {}: MLflow passes only named parameters, so str.format fails with IndexError (write {{}} for literal braces) [mlproject.Placeholder]",
		"MLproject:3:21: placeholder {0} is positional: MLflow passes only named parameters, so str.format fails with IndexError [mlproject.Placeholder]",
		"MLproject:3:25: the command of entry point main is not a valid str.format template: Single '}' encountered in format string (write {{ and }} for literal braces) [mlproject.Placeholder]",
		"MLproject:3:27: the command of entry point main is not a valid str.format template: expected '}' before end of string (write {{ and }} for literal braces) [mlproject.Placeholder]",
	}},
	{"entry_points:\n  main:\n    command: 'echo ''{x}'' }'\n", []string{
		"MLproject:3:22: placeholder {x} names no parameter of entry point main; MLflow fails with KeyError 'x' (the entry point declares no parameters) [mlproject.Placeholder]",
		"MLproject:3:28: the command of entry point main is not a valid str.format template: Single '}' encountered in format string (write {{ and }} for literal braces) [mlproject.Placeholder]",
	}},
	{"entry_points:\n  main:\n    parameters: {a: string}\n    command: |\n      python run.py \\\n        --a {a} --b {b}\n", []string{
		"MLproject:6:21: placeholder {b} names no parameter of entry point main; MLflow fails with KeyError 'b' (did you mean {a}?) [mlproject.Placeholder]",
	}},
	{"entry_points:\n  main:\n    parameters: {a: string}\n    command: >\n      python run.py\n      --a {a}\n\n      --b {b}\n", []string{
		"MLproject:8:11: placeholder {b} names no parameter of entry point main; MLflow fails with KeyError 'b' (did you mean {a}?) [mlproject.Placeholder]",
	}},
	{"entry_points:\n  main:\n    parameters: {a: string}\n    command: \"python run.py\n      --a {a}\n      --b {b} \\t\\u00e9 {c}\"\n", []string{
		"MLproject:6:11: placeholder {b} names no parameter of entry point main; MLflow fails with KeyError 'b' (did you mean {a}?) [mlproject.Placeholder]",
		"MLproject:6:24: placeholder {c} names no parameter of entry point main; MLflow fails with KeyError 'c' (did you mean {a}?) [mlproject.Placeholder]",
	}},
	{"conda_env: conda.yaml\npython_env: python_env.yaml\ndocker_env: {image: x}\nentry_points:\n  main: {command: run}\n", []string{
		"MLproject:2:1: the MLproject declares more than one environment (conda_env, python_env, docker_env); MLflow accepts at most one of docker_env, python_env and conda_env [mlproject.MultipleEnvs]",
	}},
	{"docker_env:\npython_env:\nentry_points:\n  main: {command: run}\n", []string{
		"MLproject:1:1: docker_env has no image; MLflow ignores a null docker_env and runs the project without Docker [mlproject.Docker]",
		"MLproject:2:1: the MLproject declares more than one environment (docker_env, python_env); MLflow accepts at most one of docker_env, python_env and conda_env [mlproject.MultipleEnvs]",
		"MLproject:2:1: python_env must be the path of a file relative to the project, not null [mlproject.Schema]",
	}},
	{"docker_env: {}\nentry_points:\n  main: {command: run}\n", []string{
		"MLproject:1:1: docker_env is empty: MLflow treats it as absent and silently runs without Docker; give it an image or remove it [mlproject.Docker]",
	}},
	{"docker_env:\nentry_points:\n  main: {command: run}\n", []string{
		"MLproject:1:1: docker_env has no image; MLflow ignores a null docker_env and runs the project without Docker [mlproject.Docker]",
	}},
	{"docker_env: python:3.11\nentry_points:\n  main: {command: run}\n", []string{
		"MLproject:1:13: docker_env must be a mapping with an image, not the string 'python:3.11' [mlproject.Docker]",
	}},
	{"docker_env:\n  image: ''\n  volume: [/a:/b]\n  volumes: /a:/b\n  environment: {A: 1}\nentry_points:\n  main: {command: run}\n", []string{
		"MLproject:2:10: docker_env.image must be an image name such as python:3.11-slim, not an empty string [mlproject.Docker]",
		"MLproject:3:3: unknown key volume in docker_env (did you mean volumes?); MLflow ignores it silently [mlproject.Docker]",
		"MLproject:4:12: docker_env.volumes must be a list of strings such as \"/host/data:/data\", not the string '/a:/b' [mlproject.Docker]",
		"MLproject:5:16: docker_env.environment must be a list of variable names to copy from the host or [NAME, value] pairs, not a mapping [mlproject.Docker]",
	}},
	{"docker_env:\n  image: 123\n  volumes: [1, '', /data:/data]\n  environment: [A, [B, 1], [C], [D, 1, 2], [1, x], [E, ~], [F, [1]], {x: 1}, 'A=1', '']\nentry_points:\n  main: {command: run}\n", []string{
		"MLproject:2:10: docker_env.image must be an image name such as python:3.11-slim, not the int 123 [mlproject.Docker]",
		"MLproject:3:13: a docker_env volume must be a string such as \"/host/data:/data\", not the int 1 [mlproject.Docker]",
		"MLproject:3:16: a docker_env volume must be a string such as \"/host/data:/data\", not an empty string [mlproject.Docker]",
		"MLproject:4:28: a docker_env environment pair must be [NAME, value], with exactly two items, not 1 [mlproject.Docker]",
		"MLproject:4:33: a docker_env environment pair must be [NAME, value], with exactly two items, not 3 [mlproject.Docker]",
		"MLproject:4:45: the first item of a docker_env environment pair must be a variable name, not the int 1 [mlproject.Docker]",
		"MLproject:4:56: the value of a docker_env environment pair must be a string or number, not null [mlproject.Docker]",
		"MLproject:4:64: the value of a docker_env environment pair must be a string or number, not a list [mlproject.Docker]",
		"MLproject:4:70: a docker_env environment item must be a variable name or a [NAME, value] pair, not a mapping [mlproject.Docker]",
		"MLproject:4:78: docker_env environment item 'A=1' is not a variable name to copy from the host (write [NAME, value] to set one) [mlproject.Docker]",
		"MLproject:4:85: docker_env environment item '' is not a variable name to copy from the host (write [NAME, value] to set one) [mlproject.Docker]",
	}},
	{"docker_env:\n  image: mlflow-docker-example\n  volumes: [\"/local/path:/container/mount/path\"]\n  environment: [[\"NEW_ENV_VAR\", \"new_var_value\"], \"VAR_TO_COPY_FROM_HOST_ENVIRONMENT\"]\nentry_points:\n  main: {command: run}\n", []string{}},
}

func TestParseFindings(t *testing.T) {
	for _, c := range parseCases {
		_, items := parseString(t, c.src)
		got := make([]string, 0, len(items))
		for _, d := range items {
			got = append(got, d.String())
		}
		if len(c.want) == 0 && len(got) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q:\n got %q\nwant %q", c.src, got, c.want)
		}
	}
}

// Every MLproject of MLflow's examples parses without a finding.
func TestCorpusIsClean(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*", "MLproject"))
	if len(files) == 0 {
		t.Skip("corpus absent: ../shared/corpus/mlflow/mlproject")
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p, items := parseString(t, string(src))
		for _, d := range items {
			t.Errorf("%s: %v", f, d)
		}
		if len(p.EntryPoints) == 0 {
			t.Errorf("%s: no entry points read", f)
		}
	}
}

func TestParseReadsTheProject(t *testing.T) {
	src := `name: demo
python_env: env/python_env.yaml
entry_points:
  main:
    parameters:
      alpha: float
      l1_ratio: {type: float, default: 0.1}
      data: {}
      rate: {default: 1e-1}
      note: {default: null}
    command: "python train.py {alpha} {l1_ratio}"
  other:
    command: echo
`
	p, items := parseString(t, src)
	if len(items) != 0 {
		t.Fatalf("unexpected findings: %v", items)
	}
	if p.Name != "demo" || p.Env.Kind != EnvPython || p.Env.File != "env/python_env.yaml" {
		t.Errorf("got name %q env %+v", p.Name, p.Env)
	}
	if len(p.EntryPoints) != 2 || p.EntryPoints[0].Name != "main" || p.EntryPoints[1].Name != "other" {
		t.Fatalf("entry points: %+v", p.EntryPoints)
	}
	main := p.EntryPoints[0]
	if main.Command != "python train.py {alpha} {l1_ratio}" || main.CommandPos.Line != 11 || main.Pos.Line != 4 {
		t.Errorf("main: %+v", main)
	}
	type param struct {
		name, typ, def string
		hasDefault     bool
	}
	var got []param
	for _, prm := range main.Params {
		d, ok := prm.DefaultString()
		got = append(got, param{prm.Name, prm.Type, d, ok})
	}
	want := []param{{"alpha", "float", "", false}, {"l1_ratio", "float", "0.1", true}, {"data", "string", "", false},
		{"rate", "string", "1e-1", true}, {"note", "string", "", false}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("params:\n got %+v\nwant %+v", got, want)
	}
}

func TestParseDockerEnv(t *testing.T) {
	p, items := parseString(t, `docker_env:
  image: mlflow-docker-example
  volumes: ["/local/path:/container/mount/path"]
  environment: [["NEW_ENV_VAR", "new_var_value"], "VAR_TO_COPY_FROM_HOST_ENVIRONMENT", [PORT, 8080]]
entry_points:
  main: {command: run}
`)
	if len(items) != 0 {
		t.Fatalf("unexpected findings: %v", items)
	}
	want := EnvSpec{Kind: EnvDocker, Image: "mlflow-docker-example", Volumes: []string{"/local/path:/container/mount/path"},
		Vars: []DockerEnvVar{{Name: "NEW_ENV_VAR", Value: "new_var_value"}, {Name: "VAR_TO_COPY_FROM_HOST_ENVIRONMENT", Copy: true}, {Name: "PORT", Value: "8080"}}}
	got := p.Env
	got.Pos = want.Pos
	for i := range got.Vars {
		got.Vars[i].Pos = want.Pos
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestParseWithoutSource(t *testing.T) {
	// A File built by hand (no Src) is read from its Root.
	var dl diag.List
	root := tree.ParseDialect("MLproject", []byte("entry_points:\n  main: {command: run}\n"), tree.PyYAML, &dl)
	p := Parse(&config.File{Path: "MLproject", Root: root}, &dl)
	if p.EntryPoint("main") == nil || dl.Len() != 0 {
		t.Fatalf("got %+v, findings %v", p, dl.Items())
	}
}
