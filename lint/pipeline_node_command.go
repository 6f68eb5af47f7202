package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/pipeline"
)

// Reported by compiler/pipeline (also at build time); forwarded from the
// shared pipeline facts.
func init() {
	Register(&Rule{Name: "pipeline-node-command", Needs: needsPipelines, Code: pipeline.CodeNodeCommand, Severity: diag.Error, Run: reportPipelineFindings,
		Doc: "a node needs exactly one of run (an argument list, or a string with shell: true) and entry_point"})
}
