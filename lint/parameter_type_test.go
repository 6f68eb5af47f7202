package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/model"
)

// vetParams loads a project written from files, with --params, and returns
// the parameter-type findings, notes indented under each.
func vetParams(t *testing.T, files map[string]string, params string) []string {
	t.Helper()
	root := t.TempDir()
	files["conf/local/.keep"] = ""
	for path, src := range files {
		abs := filepath.Join(root, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(abs, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var diags diag.List
	proj, err := config.Load(config.LoadOptions{Root: root, Params: params, Getenv: func(string) (string, bool) { return "", false }}, &diags)
	if err != nil {
		t.Fatal(err)
	}
	Run(model.New(proj), &diags)
	out := []string{}
	for _, d := range diag.Sorted(diags.Items()) {
		if d.Rule == RuleParameterType || d.Rule == "kfc-project-types" {
			record([]diag.Diagnostic{d})
			out = append(out, d.String())
			for _, n := range d.Notes {
				out = append(out, "  "+n.Pos.String()+": "+n.Message)
			}
		}
	}
	return out
}

var typedParamsProject = map[string]string{
	"kfc/parameters.cue":       "package kfc\n\n#Parameters: {\n\tmodel_options: {test_size: >0 & <1, random_state: int, ...}\n\t...\n}\n",
	"conf/base/parameters.yml": "model_options:\n  test_size: 0.2\n  random_state: 3\nother: x\n",
}

func TestParameterTypeClean(t *testing.T) {
	equalLines(t, "findings", vetParams(t, copyFiles(typedParamsProject), ""), nil)
}

func TestParameterTypeViolation(t *testing.T) {
	files := copyFiles(typedParamsProject)
	files["conf/base/parameters.yml"] = "model_options:\n  test_size: 1.5\nother: x\n"
	equalLines(t, "findings", vetParams(t, files, ""), []string{
		`conf/base/parameters.yml:2:3: error: parameters model_options lack "random_state", which #Parameters requires: random_state: int [parameter-type]`,
		`  kfc/parameters.cue:4:38: the constraint is declared here`,
		`conf/base/parameters.yml:2:14: error: parameter model_options.test_size: 1.5 (a float) does not satisfy >0 & <1 (#Parameters) [parameter-type]`,
		`  kfc/parameters.cue:4:18: the constraint is declared here`,
	})
}

func TestParameterTypeRuntimeParams(t *testing.T) {
	// --params is merged before the check: its value is reported where it was given.
	got := vetParams(t, copyFiles(typedParamsProject), "model_options.test_size=2")
	equalLines(t, "findings", got, []string{
		`--params:1:25: error: parameter model_options.test_size: 2 (an integer) does not satisfy >0 & <1 (#Parameters) [parameter-type]`,
		`  kfc/parameters.cue:4:18: the constraint is declared here`,
	})
}

func TestParameterTypeBadDefinition(t *testing.T) {
	files := copyFiles(typedParamsProject)
	files["kfc/parameters.cue"] = "package kfc\n\n#Parameters: seed: int & string\n"
	got := vetParams(t, files, "")
	if len(got) != 1 || !strings.HasPrefix(got[0], "kfc/parameters.cue:3:26: error: the project's CUE does not compile") {
		t.Errorf("bad #Parameters: %q", got)
	}
}

func TestParameterTypeEntryPoint(t *testing.T) {
	files := map[string]string{
		"MLproject":                "name: demo\nentry_points:\n  train:\n    parameters: {alpha: float, epochs: {type: int, default: 3}, cfg: {type: float, default: 1}}\n    command: python train.py {alpha} {epochs} {cfg}\n",
		"conf/base/parameters.yml": "model_options: {alpha: fast, epochs: 2.5, cfg: {a: 1}}\n",
		"conf/base/pipelines.yml":  "p:\n  nodes:\n    - {name: t, entry_point: train, params: {alpha: params:model_options.alpha, epochs: params:model_options.epochs, cfg: params:model_options.cfg}}\n",
	}
	equalLines(t, "findings", vetParams(t, files, ""), []string{
		`conf/base/parameters.yml:1:24: error: parameter model_options.alpha: 'fast' is not a float, and it is bound to parameter "alpha" (type float) of MLproject entry point "train" [parameter-type]`,
		`  conf/base/pipelines.yml:3:53: node "t" binds it to parameter "alpha" of entry point "train" here`,
		`  MLproject:4:18: "alpha" is declared with type float here`,
		`conf/base/parameters.yml:1:38: error: parameter model_options.epochs: '2.5' is not an int, and it is bound to parameter "epochs" (type int) of MLproject entry point "train" [parameter-type]`,
		`  conf/base/pipelines.yml:3:89: node "t" binds it to parameter "epochs" of entry point "train" here`,
		`  MLproject:4:32: "epochs" is declared with type int here`,
		`conf/base/parameters.yml:1:48: error: parameter model_options.cfg: it is a mapping, not a float, and it is bound to parameter "cfg" (type float) of MLproject entry point "train" [parameter-type]`,
		`  conf/base/pipelines.yml:3:123: node "t" binds it to parameter "cfg" of entry point "train" here`,
		`  MLproject:4:65: "cfg" is declared with type float here`,
	})
	// The value given with --params is the one checked, at its place there.
	files["conf/base/parameters.yml"] = "model_options: {alpha: 0.1, epochs: 2, cfg: 1.5}\n"
	got := vetParams(t, files, "model_options.epochs=many")
	if len(got) != 3 || !strings.HasPrefix(got[0], `--params:1:22: error: parameter model_options.epochs: 'many' is not an int`) {
		t.Errorf("--params: %q", got)
	}
}

func copyFiles(in map[string]string) map[string]string {
	out := make(map[string]string, len(in))
	for k, v := range in {
		out[k] = v
	}
	return out
}
