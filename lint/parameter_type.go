package lint

import (
	"fmt"
	"github.com/kfc-dev/kfc/compiler/config"
	"strings"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/mlproject"
	"github.com/kfc-dev/kfc/compiler/tree"
	"github.com/kfc-dev/kfc/schema"
)

// RuleParameterType: a parameter's value does not fit its type. The types
// are the project's #Parameters in kfc/*.cue (docs/parameters.md), unified
// with the merged, interpolated parameters of the run environment, --params
// applied; and the MLproject type of each entry-point parameter a node
// binds a parameter to. Every finding is at the value, in the parameters
// file (or --params) it came from, so build and exec refuse on it too.
const RuleParameterType = "parameter-type"

func init() {
	Register(&Rule{Name: RuleParameterType, Needs: []string{"parameters", "pipelines", config.KeyMLproject}, Code: schema.CodeParameterType, Severity: diag.Error, Scope: diag.ScopeParameter, Run: runParameterType,
		Doc: "a parameter's value does not fit its #Parameters constraint in kfc/*.cue, or the MLproject type of the entry-point parameter a node binds it to"})
}

func runParameterType(pass *Pass) {
	if s, _, err := pass.Facts.Schemas(); err == nil {
		for _, d := range s.CheckParameters(pass.Project.Get("parameters")) {
			pass.Report(d)
		}
	}
	checkEntryPointParams(pass)
}

// checkEntryPointParams checks each parameter value an entry_point node
// binds (params: {alpha: params:model.alpha}) as MLflow will read it: the
// str() of the value kfc build renders, against the parameter's type.
// mlproject.CheckValue is the one definition of those rules, shared with
// `kfc exec -P` and MLproject defaults (Python's int()/float() literals,
// an urlparse scheme), which is why this part is Go rather than CUE.
func checkEntryPointParams(pass *Pass) {
	pf := pass.Facts.Pipelines()
	for _, n := range pf.Nodes() {
		ep := pf.MLproject.EntryPoint(n.EntryPoint)
		if n.EntryPoint == "" || ep == nil {
			continue // pipeline-entry-point reports a missing entry point
		}
		for _, b := range n.Params {
			p := ep.Param(b.Key)
			v, ok := pf.Param(b.Dataset)
			if p == nil || !mlproject.KnownType(p.Type) || !ok || v == nil {
				continue // undeclared: pipeline-entry-point-undeclared; unknown: pipeline-unknown-param
			}
			why := boundValueProblem(p.Type, b.Dataset, v)
			if why == "" {
				continue
			}
			notes := []diag.Note{{Pos: b.Pos, Message: fmt.Sprintf("node %q binds it to parameter %q of entry point %q here", n.Name, p.Name, ep.Name)}}
			if !p.Pos.IsZero() {
				notes = append(notes, diag.Note{Pos: p.Pos, Message: fmt.Sprintf("%q is declared with type %s here", p.Name, p.Type)})
			}
			pass.Report(diag.Diagnostic{Pos: v.Pos(), Notes: notes,
				Message: fmt.Sprintf("%s: %s, and it is bound to parameter %q (type %s) of MLproject entry point %q", paramName(b.Dataset), why, p.Name, p.Type, ep.Name)})
		}
	}
}

// boundValueProblem says why value v of reference ref cannot be passed as
// an MLproject parameter of type typ, or "".
func boundValueProblem(typ, ref string, v *tree.Node) string {
	if ref == "parameters" || v.Kind == tree.Map || v.Kind == tree.Seq {
		if typ == "string" {
			return ""
		}
		return "it is a " + valueKind(ref, v) + ", not a " + typ
	}
	text, err := mlproject.PyStr(v)
	if err == nil {
		err = mlproject.CheckValue(typ, text)
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

// paramName shows a params: reference as the parameter it names.
func paramName(ref string) string {
	if ref == "parameters" {
		return "the parameters"
	}
	return "parameter " + strings.TrimPrefix(ref, "params:")
}
