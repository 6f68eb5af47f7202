package schema

import (
	"strings"

	"cuelang.org/go/cue"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// CodeMlflow is the problem of the mlflow.yml checks (lint's mlflow-config).
const CodeMlflow diag.Code = "schema.Mlflow"

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
			diags.Reportf(f.pos, CodeMlflow, "unknown key %q%s: kedro-mlflow forbids extra keys%s", f.key, in, didYouMean(f.key, f.known))
		case missingKey:
			diags.Reportf(f.pos, CodeMlflow, "%s requires key %q", where, f.key)
		default:
			if where == "" {
				where = "mlflow.yml"
			}
			diags.Reportf(f.pos, CodeMlflow, "%s: %s", where, f.msg)
		}
	}
}
