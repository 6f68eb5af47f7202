package schema

import (
	"strings"

	"cuelang.org/go/cue"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// RuleMlflow is the rule id of the mlflow.yml checks.
const RuleMlflow = "mlflow-config"

// CheckMlflow checks a merged mlflow.yml against kedro-mlflow 2.x's
// configuration model (#MlflowConfig): unknown keys at any level (pydantic
// extra = "forbid"), wrong types and values.
func (s *Schemas) CheckMlflow(root *tree.Node, diags *diag.List) {
	if root == nil {
		return
	}
	def := s.value.LookupPath(cue.MakePath(cue.Def("#MlflowConfig")))
	w := &walker{s: s}
	w.node(def, "mlflow", root, nil)
	for _, f := range w.out {
		where := strings.Join(f.path, ".")
		switch f.kind {
		case unknownKey:
			in := ""
			if where != "" {
				in = " in " + where
			}
			diags.Errorf(f.pos, RuleMlflow, "unknown key %q%s: kedro-mlflow forbids extra keys%s", f.key, in, didYouMean(f.key, f.known))
		case missingKey:
			diags.Errorf(f.pos, RuleMlflow, "%s requires key %q", where, f.key)
		default:
			if where == "" {
				where = "mlflow.yml"
			}
			diags.Errorf(f.pos, RuleMlflow, "%s: %s", where, f.msg)
		}
	}
}
