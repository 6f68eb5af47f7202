package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/pipeline"
)

// Reported by compiler/pipeline (also at build time); forwarded from the
// shared pipeline facts.
func init() {
	Register(&Rule{Name: "pipeline-same-input-output", Needs: needsPipelines, Code: pipeline.CodeSameInputOutput, Severity: diag.Error, Run: reportPipelineFindings,
		Doc: "a node reads a dataset it writes, even under another transcoding suffix"})
}
