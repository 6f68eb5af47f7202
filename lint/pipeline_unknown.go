package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/pipeline"
)

// Reported by compiler/pipeline (also at build time); forwarded from the
// shared pipeline facts.
func init() {
	Register(&Rule{Name: "pipeline-unknown", Needs: needsPipelines, Code: pipeline.CodeUnknown, Severity: diag.Error, Run: reportPipelineFindings,
		Doc: "from: or a pipeline list names a pipeline that is not defined"})
}
