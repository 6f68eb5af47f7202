package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/pipeline"
)

// Reported by compiler/pipeline (also at build time); forwarded from the
// shared pipeline facts.
func init() {
	Register(&Rule{Name: "pipeline-duplicate-node", Needs: needsPipelines, Code: pipeline.CodeDuplicateNode, Severity: diag.Error, Run: reportPipelineFindings,
		Doc: "two nodes of one pipeline have the same full name"})
}
