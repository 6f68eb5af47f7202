package schema

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

func checkMlflow(t *testing.T, s *Schemas, src string) []string {
	t.Helper()
	var diags diag.List
	s.CheckMlflow(tree.Parse("mlflow.yml", []byte(src), &diags), &diags)
	var out []string
	for _, d := range diags.Items() {
		out = append(out, d.String())
	}
	return out
}

func TestCheckMlflow(t *testing.T) {
	s := mustLoad(t)
	cases := []struct {
		name, src string
		want      []string
	}{
		{"valid", `
server:
  mlflow_tracking_uri: mlruns
  credentials: null
  request_header_provider: {type: null, pass_context: "yes", init_kwargs: {a: b}}
tracking:
  disable_tracking: {pipelines: [a, b], disable_autologging: true}
  experiment: {name: demo, restore_if_deleted: true, create_experiment_kwargs: {artifact_location: null, tags: {a: 1}}}
  run: {id: null, name: "${km.random_name:}", nested: true}
  params:
    dict_params: {flatten: false, recursive: true, sep: "."}
    long_params_strategy: tag
ui: {port: "5000", host: 127.0.0.1}
`, nil},
		{"unknown keys at every level", `
server:
  mlflow_tracking_ur: mlruns
trackin: {}
tracking:
  run: {nme: x}
`, []string{
			`mlflow.yml:3:3: unknown key "mlflow_tracking_ur" in server: kedro-mlflow forbids extra keys (did you mean "mlflow_tracking_uri"?) [schema.Mlflow]`,
			`mlflow.yml:4:1: unknown key "trackin": kedro-mlflow forbids extra keys (did you mean "tracking"?) [schema.Mlflow]`,
			`mlflow.yml:6:9: unknown key "nme" in tracking.run: kedro-mlflow forbids extra keys (did you mean "name"?) [schema.Mlflow]`,
		}},
		{"types and values", `
server: null
tracking:
  run: {nested: "yes"}
  params: {long_params_strategy: drop}
  disable_tracking: {pipelines: training}
ui: {port: 5000}
`, []string{
			`mlflow.yml:2:9: server: expected a mapping, got null [schema.Mlflow]`,
			`mlflow.yml:4:17: tracking.run.nested: expected a boolean, got "yes" [schema.Mlflow]`,
			`mlflow.yml:5:34: tracking.params.long_params_strategy: expected one of "fail", "truncate", "tag"; got "drop" [schema.Mlflow]`,
			`mlflow.yml:6:33: tracking.disable_tracking.pipelines: expected a sequence, got "training" [schema.Mlflow]`,
			`mlflow.yml:7:12: ui.port: expected a string, got 5000 (an integer) [schema.Mlflow]`,
		}},
		{"lax bool and init_kwargs values", `
server:
  request_header_provider: {pass_context: maybe, init_kwargs: {a: 1}}
tracking:
  disable_tracking: {disable_autologging: 1}
`, []string{
			`mlflow.yml:3:43: server.request_header_provider.pass_context: expected one of bool, 0, 1, =~"^(?i)(0|1|true|false|t|f|yes|no|y|n|on|off)$"; got "maybe" [schema.Mlflow]`,
			`mlflow.yml:3:67: server.request_header_provider.init_kwargs.a: expected a string, got 1 (an integer) [schema.Mlflow]`,
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := checkMlflow(t, s, c.src)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

// TestCorpusMlflow: the real mlflow.yml files of the corpus hold no false errors.
func TestCorpusMlflow(t *testing.T) {
	s := mustLoad(t)
	files, _ := filepath.Glob("../../shared/corpus/kedro/examples/*/conf/*/mlflow.yml")
	if len(files) == 0 {
		t.Skip("corpus not found at ../../shared/corpus (run from the kfc checkout beside shared/)")
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if got := checkMlflow(t, s, string(src)); len(got) > 0 {
			t.Errorf("%s:\n%s", f, strings.Join(got, "\n"))
		}
	}
}
