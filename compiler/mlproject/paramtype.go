package mlproject

import (
	"strings"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/internal/py"
	"github.com/kfc-dev/kfc/internal/suggest"
)

// checkParamType reports an unknown type name, and a default that does not
// fit its type once MLflow has turned it into a string (str() of what
// yaml.safe_load built).
func checkParamType(p *Param, typePos diag.Pos, diags *diag.List) {
	if !KnownType(p.Type) {
		hint := ""
		if s := suggest.Closest(p.Type, Types); s != "" {
			hint = " (did you mean " + s + "?)"
		}
		diags.Reportf(typePos, CodeParamType, "parameter %s has unknown type %s%s; MLflow passes it through unchecked, kfc knows %s",
			p.Name, py.Repr(p.Type), hint, strings.Join(Types, ", "))
		return
	}
	if p.Default == nil {
		return
	}
	s, err := PyStr(p.Default)
	if err != nil {
		diags.Reportf(p.Default.Pos(), CodeParamType, "the default of parameter %s cannot be loaded: %v", p.Name, err)
		return
	}
	if err := CheckValue(p.Type, s); err != nil {
		diags.Reportf(p.Default.Pos(), CodeParamType, "the default of parameter %s does not fit its type %s: %v", p.Name, p.Type, err)
	}
}
