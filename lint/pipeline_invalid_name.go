package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/pipeline"
)

// Reported by compiler/pipeline (also at build time); forwarded from the
// shared pipeline facts.
func init() {
	Register(&Rule{Name: "pipeline-invalid-name", Needs: needsPipelines, Code: pipeline.CodeInvalidName, Severity: diag.Error, Run: reportPipelineFindings,
		Doc: "a pipeline, node, tag, namespace or binding key is not made of letters, digits, `_`, `-` and `.` (Kedro's [\\w.-]+)"})
}
