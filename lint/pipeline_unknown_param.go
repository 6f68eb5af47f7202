package lint

import (
	"sort"
	"strings"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/pipeline"
	"github.com/kfc-dev/kfc/internal/py"
)

// RulePipelineUnknownParam: a node's params: reference names no parameter.
// Kedro fails when the run starts ("Pipeline input(s) {'params:x'} not
// found in the DataCatalog").
const RulePipelineUnknownParam = "pipeline-unknown-param"

func init() {
	Register(&Rule{Name: RulePipelineUnknownParam, Needs: needsPipelinesArgs, Severity: diag.Error, Run: runPipelineUnknownParam,
		Doc: "a node's params:a.b reference names no parameter (after namespacing)"})
}

func runPipelineUnknownParam(pass *Pass) {
	pf := pass.Facts.Pipelines()
	var known []string
	for ref := range pf.params {
		known = append(known, ref)
	}
	sort.Strings(known)
	for _, n := range pf.Nodes() {
		for _, b := range n.Params {
			if _, ok := pf.Param(b.Dataset); ok {
				continue
			}
			hint := ""
			if s := py.CloseMatches(b.Dataset, known); len(s) > 0 {
				hint = "; did you mean " + s[0] + "?"
			}
			if ns, bare := namespacedParam(pf, n.Namespace, b.Dataset); bare != "" {
				hint = "; namespace " + ns + " renamed " + bare + ": keep the name with parameters: [" + pipeline.ParamKey(bare) + "] where that namespace is set"
			}
			pass.Reportf(b.Pos, "node %q uses %s, but the parameters have no %q%s", n.Name, b.Dataset, pipeline.ParamKey(b.Dataset), hint)
		}
	}
}

// namespacedParam finds the namespace prefix (whole dot-separated parts of
// the node's namespace, longest first) whose removal from ref names an
// existing parameter: the usual mistake of namespacing a shared parameter.
func namespacedParam(pf *PipelineFacts, namespace, ref string) (ns, bare string) {
	parts := strings.Split(namespace, ".")
	for i := len(parts); i > 0 && namespace != ""; i-- {
		prefix := "params:" + strings.Join(parts[:i], ".") + "."
		if !strings.HasPrefix(ref, prefix) {
			continue
		}
		candidate := "params:" + strings.TrimPrefix(ref, prefix)
		if _, ok := pf.Param(candidate); ok {
			return strings.Join(parts[:i], "."), candidate
		}
	}
	return "", ""
}
