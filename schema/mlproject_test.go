package schema

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"cuelang.org/go/cue"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
	sjs "github.com/santhosh-tekuri/jsonschema/v6"
)

var mlprojectCases = []struct {
	name, bad, src string
}{
	{"minimal", "", "entry_points: {main: {command: run}}"},
	{"full", "", `name: demo
python_env: python_env.yaml
entry_points:
  main:
    parameters:
      alpha: float
      l1: {type: float, default: 0.1}
      any: {}
      req: {default: null}
    command: "python train.py {alpha}"`},
	{"docker", "", `docker_env: {image: x, volumes: ["/a:/b"], environment: [A, [B, 1], [C, x]]}
entry_points: {main: {command: run}}`},
	{"spark", "", `databricks_spark_job: {python_file: job.py, parameters: [a], python_libraries: [b]}`},
	{"unknown top key", "entry_point", "entry_point: {main: {command: run}}"},
	{"null entry point", "main", "entry_points: {main: null}"},
	{"no command", "command", "entry_points: {main: {parameters: {}}}"},
	{"int command", "command", "entry_points: {main: {command: 5}}"},
	{"list parameters", "parameters", "entry_points: {main: {command: run, parameters: [a]}}"},
	{"unknown type", "type", "entry_points: {main: {command: run, parameters: {a: data}}}"},
	{"unknown param key", "typ", "entry_points: {main: {command: run, parameters: {a: {typ: float}}}}"},
	{"empty env path", "python_env", "python_env: ''"},
	{"docker without image", "image", "docker_env: {volumes: []}"},
	{"docker volume int", "volumes", "docker_env: {image: x, volumes: [1]}"},
	{"docker env map", "environment", "docker_env: {image: x, environment: [{A: 1}]}"},
}

func TestMLprojectSchemaAgreesWithJSONSchema(t *testing.T) {
	s := mustLoad(t)
	def := s.Value().LookupPath(cue.ParsePath("#MLproject"))
	validator := compileJSONSchema(t, MLprojectJSONSchema)
	check := func(name, bad string, root *tree.Node) {
		data := root.JSON("")
		cueErr := def.Unify(s.Context().CompileBytes(data)).Validate(cue.Concrete(true))
		inst, err := sjs.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		jsErr := validator.Validate(inst)
		walked := s.CheckMLproject(root)
		if bad == "" {
			if cueErr != nil || jsErr != nil || len(walked) > 0 {
				t.Errorf("%s: refused a valid MLproject: CUE %v; JSON Schema %v; walker %+v", name, cueErr, jsErr, walked)
			}
			return
		}
		if cueErr == nil || jsErr == nil || len(walked) == 0 {
			t.Errorf("%s: accepted a bad %s: CUE %v; JSON Schema %v; walker %+v", name, bad, cueErr, jsErr, walked)
		}
	}
	for _, tc := range mlprojectCases {
		var diags diag.List
		root := tree.ParseDialect("MLproject", []byte(tc.src), tree.PyYAML, &diags)
		if diags.Len() > 0 {
			t.Fatalf("%s: %v", tc.name, diags.Items())
		}
		check(tc.name, tc.bad, root)
	}
	files, _ := filepath.Glob("../../shared/corpus/mlflow/mlproject/*/MLproject")
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var diags diag.List
		check(f, "", tree.ParseDialect("MLproject", src, tree.PyYAML, &diags))
	}
}
