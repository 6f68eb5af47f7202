package plan

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/pipeline"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// lookupParam returns the value a parameter reference names in the merged
// parameters: the whole tree for `parameters`, else the value at the
// dotted path of `params:a.b`. Kedro registers `params:<key>` for every
// key at every depth, so a key that itself contains dots (`"a.b": 1`) is
// found too: at each level the remaining path is tried whole first, then
// split at each dot.
func lookupParam(params *tree.Node, ref string) (*tree.Node, bool) {
	if ref == "parameters" {
		if params == nil {
			return tree.NewMap(diag.Pos{}), true
		}
		return params, true
	}
	return lookupDotted(params, pipeline.ParamKey(ref))
}

func lookupDotted(n *tree.Node, path string) (*tree.Node, bool) {
	if n == nil || n.Kind != tree.Map || path == "" {
		return nil, false
	}
	if v := n.Get(path); v != nil {
		return v, true
	}
	for i := 0; i < len(path); i++ {
		if path[i] != '.' {
			continue
		}
		if child := n.Get(path[:i]); child != nil {
			if v, ok := lookupDotted(child, path[i+1:]); ok {
				return v, true
			}
		}
	}
	return nil, false
}

// paramArg is the text a `{params.X}` placeholder becomes in a `run`
// argument: Python's str() for a scalar (True, 0.5, 1e-05, None), as
// Kedro and MLflow print values, and canonical JSON for a list or mapping,
// which any language can read back.
func paramArg(v *tree.Node) string {
	if v.IsScalar() {
		return v.Str()
	}
	return string(FromTree(v))
}
