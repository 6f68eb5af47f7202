package lint

import "github.com/kfc-dev/kfc/compiler/diag"

// ruleMlflowTagLimit is reported by mlflow-limits' walk over the logged
// parameters (mlflow_limits.go): the same walk, a finding that does not
// fail the run, so a rule of its own.
const ruleMlflowTagLimit = "mlflow-tag-limit"

func init() {
	Register(&Rule{Name: ruleMlflowTagLimit, Needs: []string{"mlflow", "parameters", "pipelines"}, Severity: diag.Warning,
		Doc: "a parameter kedro-mlflow logs as a tag (long_params_strategy: tag) is longer than MLflow's 8000-character tag limit"})
}
