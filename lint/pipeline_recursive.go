package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/pipeline"
)

// Reported by compiler/pipeline (also at build time); forwarded from the
// shared pipeline facts.
func init() {
	Register(&Rule{Name: "pipeline-recursive", Needs: needsPipelines, Code: pipeline.CodeRecursive, Severity: diag.Error, Run: reportPipelineFindings,
		Doc: "a pipeline includes itself through from: or pipeline lists"})
}
