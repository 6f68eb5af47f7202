package lint

import "testing"

func TestMlflowConfig(t *testing.T) {
	got := vetRule(t, "mlflow-config", map[string]string{"conf/base/mlflow.yml": `
server:
  mlflow_tracking_uri: mlruns
tracking:
  experiment: {name: demo, restore_if_delete: true}
  params: {long_params_strategy: drop}
ui: {port: "5000"}
`})
	equalLines(t, "findings", got, []string{
		`conf/base/mlflow.yml:5:28: error: unknown key "restore_if_delete" in tracking.experiment: kedro-mlflow forbids extra keys (did you mean "restore_if_deleted"?) [mlflow-config]`,
		`conf/base/mlflow.yml:6:34: error: tracking.params.long_params_strategy: expected one of "fail", "truncate", "tag"; got "drop" [mlflow-config]`,
	})
}
