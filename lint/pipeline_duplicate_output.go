package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/pipeline"
)

// Reported by compiler/pipeline (also at build time); forwarded from the
// shared pipeline facts.
func init() {
	Register(&Rule{Name: "pipeline-duplicate-output", Needs: needsPipelines, Code: pipeline.CodeDuplicateOutput, Severity: diag.Error, Run: reportPipelineFindings,
		Doc: "a dataset is written by two nodes (or twice by one), transcoding suffixes ignored (Kedro's OutputNotUniqueError)"})
}
