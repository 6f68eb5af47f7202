package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/pipeline"
)

// Reported by compiler/pipeline (also at build time); forwarded from the
// shared pipeline facts.
func init() {
	Register(&Rule{Name: "pipeline-remap", Needs: needsPipelines, Code: pipeline.CodeRemap, Severity: diag.Error, Run: reportPipelineFindings,
		Doc: "a from: pipeline's inputs/outputs/parameters remap breaks Kedro's modular-pipeline rules (missing name, an input that is not free, an output that is a free input, parameters under inputs)"})
}
