package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/pipeline"
)

// Reported by compiler/pipeline (also at build time); forwarded from the
// shared pipeline facts.
func init() {
	Register(&Rule{Name: "pipeline-placeholder", Needs: needsPipelines, Code: pipeline.CodePlaceholder, Severity: diag.Error, Run: reportPipelineFindings,
		Doc: "a run argument has a {in.x}/{out.x}/{params.x} placeholder that names no binding of the node, or a stray brace (write {{ and }})"})
}
