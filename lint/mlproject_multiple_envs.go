package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/mlproject"
)

// Reported by compiler/mlproject; forwarded from the shared MLproject facts.
func init() {
	Register(&Rule{Name: "mlproject-multiple-envs", Needs: needsMLproject, Code: mlproject.CodeMultipleEnvs, Severity: diag.Error, Run: reportMLprojectFindings,
		Doc: "the MLproject declares more than one of docker_env, python_env and conda_env, which MLflow refuses"})
}
