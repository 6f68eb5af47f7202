package lint

import (
	"strings"
	"testing"
)

func TestMlflowTagLimit(t *testing.T) {
	pipes := "p:\n  nodes:\n    - {name: train, run: [python, t.py], inputs: raw, outputs: m, params: {b: params:blob}}\n"
	for _, c := range []struct {
		size int
		want []string
	}{
		{9000, []string{`conf/base/parameters.yml:1:7: warning: parameter "blob" is 9000 characters long; logged as a tag (long_params_strategy: tag) it exceeds MLflow's 8000-character tag limit [mlflow-tag-limit]`}},
		{8000, nil},
	} {
		files := map[string]string{
			"conf/base/parameters.yml": "blob: " + strings.Repeat("x", c.size) + "\n",
			"conf/base/pipelines.yml":  pipes,
			"conf/base/mlflow.yml":     "tracking: {params: {long_params_strategy: tag}}\n",
			"conf/local/.keep":         "",
		}
		got := runRule(t, "mlflow-tag-limit", loadFiles(t, files))
		equalLines(t, "findings", got, c.want)
		if limits := runRule(t, "mlflow-limits", loadFiles(t, files)); len(limits) > 0 {
			t.Errorf("mlflow-limits (the errors) reports a tag: %v", limits)
		}
	}
}
