package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/mlproject"
)

func init() {
	Register(&Rule{Name: "mlproject-env-file", Needs: needsMLproject, Code: mlproject.CodeEnvFile, Severity: diag.Error, Run: runMLprojectEnvFile,
		Doc: "the environment file the MLproject uses (python_env/conda_env, else python_env.yaml or conda.yaml) is missing, unreadable, or lacks what MLflow needs: python_env only python (a quoted version) and dependency lists, conda a dependencies list"})
}

// runMLprojectEnvFile reads the environment file itself: the config
// loader does not load it.
func runMLprojectEnvFile(pass *Pass) {
	p := pass.Facts.MLproject()
	if p == nil {
		return
	}
	var diags diag.List
	mlproject.CheckEnvFile(p, pass.Project.Root, &diags)
	for _, d := range diags.Items() {
		pass.Report(d) // each under the rule of its code: mlproject-env-no-python, path-outside-project too
	}
}
