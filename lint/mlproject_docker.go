package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/mlproject"
)

// Reported by compiler/mlproject; forwarded from the shared MLproject facts.
func init() {
	Register(&Rule{Name: "mlproject-docker", Needs: needsMLproject, Code: mlproject.CodeDocker, Severity: diag.Error, Run: reportMLprojectFindings,
		Doc: "the MLproject's docker_env has no image, is empty or null (MLflow then silently skips Docker), or has volumes or environment items of the wrong shape"})
}
