package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/pipeline"
)

// Reported by compiler/pipeline (also at build time); forwarded from the
// shared pipeline facts.
func init() {
	Register(&Rule{Name: "pipeline-cycle", Needs: needsPipelines, Code: pipeline.CodeCycle, Severity: diag.Error, Run: reportPipelineFindings,
		Doc: "nodes depend on each other in a circle; the shortest loop is printed as a -> b -> a"})
}
