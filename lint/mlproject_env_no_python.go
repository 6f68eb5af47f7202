package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/mlproject"
)

// Reported by mlproject.CheckEnvFile, which mlproject-env-file's Run calls.
func init() {
	Register(&Rule{Name: "mlproject-env-no-python", Needs: needsMLproject, Code: mlproject.CodeEnvNoPython, Severity: diag.Info,
		Doc: "the python_env file gives no python version: MLflow uses the Python that runs it, so runs may differ between machines"})
}
