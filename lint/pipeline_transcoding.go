package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/pipeline"
)

// Reported by compiler/pipeline (also at build time); forwarded from the
// shared pipeline facts.
func init() {
	Register(&Rule{Name: "pipeline-transcoding", Needs: needsPipelines, Code: pipeline.CodeTranscoding, Severity: diag.Error, Run: reportPipelineFindings,
		Doc: "a dataset is referenced both as x and x@fmt, or a name has more than one @"})
}
