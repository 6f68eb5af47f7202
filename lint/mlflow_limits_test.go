package lint

import (
	"strings"
	"testing"
)

func TestMlflowLimitsFlattening(t *testing.T) {
	long := "[" + strings.Repeat("'abcdefghij', ", 500) + "]"
	params := "model:\n  features: " + long + "\n  alpha: 1\n"
	pipes := "p:\n  nodes:\n    - {name: train, run: [python, t.py], inputs: raw, outputs: m, params: {m: params:model}}\n"
	base := map[string]string{"conf/base/parameters.yml": params, "conf/base/pipelines.yml": pipes, "conf/local/.keep": ""}
	cases := []struct {
		mlflow string
		want   string
	}{
		// The whole dict is logged as str(dict): too long.
		{"tracking: {params: {long_params_strategy: fail}}\n", `parameter "model" is`},
		// Flattened, only the list is long, under its dotted key.
		{"tracking: {params: {dict_params: {flatten: true}}}\n", `parameter "model.features" is`},
		// As a tag the limit is 8000: the flattened list fits.
		{"tracking: {params: {long_params_strategy: tag, dict_params: {flatten: true}}}\n", ""},
	}
	for _, c := range cases {
		files := map[string]string{"conf/base/mlflow.yml": c.mlflow}
		for k, v := range base {
			files[k] = v
		}
		got := strings.Join(runRule(t, "mlflow-limits", loadFiles(t, files)), "\n")
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("mlflow.yml %q:\ngot: %s\nwant containing: %q", c.mlflow, got, c.want)
		}
	}
}
