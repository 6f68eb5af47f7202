package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/pipeline"
)

// Reported by compiler/pipeline (also at build time); forwarded from the
// shared pipeline facts.
func init() {
	Register(&Rule{Name: "pipeline-format", Needs: needsPipelines, Code: pipeline.CodeFormat, Severity: diag.Error, Run: reportPipelineFindings,
		Doc: "a pipelines file has the wrong shape: a value of the wrong type, an unknown key, a node without a name, parameters bound as inputs"})
}
