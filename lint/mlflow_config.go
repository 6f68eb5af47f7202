package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/schema"
)

// mlflow.yml is kedro-mlflow's pydantic model with extra = "forbid" at
// every level; schema.CheckMlflow checks the merged config against the
// embedded #MlflowConfig.
func init() {
	Register(&Rule{Name: "mlflow-config", Needs: []string{"mlflow"}, Code: schema.CodeMlflow, Severity: diag.Error, Run: checkMlflowConfig,
		Doc: "mlflow.yml has a key kedro-mlflow 2.x does not know, or a value of the wrong type"})
}

func checkMlflowConfig(pass *Pass) {
	cfg := pass.Project.Get("mlflow")
	if cfg == nil {
		return
	}
	var diags diag.List
	schema.MustLoad().CheckMlflow(cfg, &diags)
	for _, d := range diags.Items() {
		pass.Report(d)
	}
}
