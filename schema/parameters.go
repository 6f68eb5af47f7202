package schema

import (
	"fmt"
	"strconv"
	"strings"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/errors"
	"cuelang.org/go/cue/format"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// ParametersDef is the definition a project's kfc/*.cue may declare to
// constrain its parameters (docs/parameters.md). kfc's own schemas do not
// declare it: without one, parameters are not checked.
const ParametersDef = "#Parameters"

// Parameters returns the project's #Parameters, if it declares one.
func (s *Schemas) Parameters() (cue.Value, bool) {
	v := s.value.LookupPath(cue.MakePath(cue.Def(ParametersDef)))
	return v, v.Exists()
}

// ParametersJSONSchema is the JSON Schema (draft 2020-12) of the project's
// #Parameters, for editors (`kfc schema parameters`); deterministic. A
// partial schema requires no key: Kedro merges several parameters files,
// and an editor checks each one alone.
func (s *Schemas) ParametersJSONSchema(partial bool) ([]byte, error) {
	if _, ok := s.Parameters(); !ok {
		return nil, fmt.Errorf("the project declares no %s in kfc/*.cue (docs/parameters.md)", ParametersDef)
	}
	title := "kfc project parameters (conf/<env>/parameters*.yml), from #Parameters in kfc/*.cue"
	if !partial {
		return s.jsonSchema(ParametersDef, title, nil)
	}
	return s.jsonSchema(ParametersDef, title+", no key required (one file of several)", dropRequired)
}

// dropRequired removes every "required" list of a JSON Schema document (a
// property named required is a schema object, not a list, and stays).
func dropRequired(doc map[string]any) {
	if _, ok := doc["required"].([]any); ok {
		delete(doc, "required")
	}
	for _, v := range doc {
		switch v := v.(type) {
		case map[string]any:
			dropRequired(v)
		case []any:
			for _, item := range v {
				if m, ok := item.(map[string]any); ok {
					dropRequired(m)
				}
			}
		}
	}
}

// CheckParameters unifies the merged parameters of a run (params, nil when
// there are none) with #Parameters and returns one finding per violation,
// at the data's position, with the constraint in the message and a note
// where it is declared. Each is a problem of code CodeParameterType (lint's
// parameter-type). Nothing is checked without a #Parameters.
//
// The walker finds unknown keys, missing keys and bad leaves all in one
// pass, each value judged alone; a whole unification (parameters_unify.go)
// confirms each bad value and catches what one node at a time cannot show
// (list lengths, a constraint that refers to another field). Values the
// loader left as ${...} are not checked.
func (s *Schemas) CheckParameters(params *tree.Node) []diag.Diagnostic {
	out := s.checkParameters(params)
	for i := range out {
		out[i].Code = CodeParameterType
	}
	return out
}

// CodeParameterType is the problem of a parameter value that does not fit
// #Parameters, or of a #Parameters that cannot be checked against.
const CodeParameterType diag.Code = "schema.ParameterType"

func (s *Schemas) checkParameters(params *tree.Node) []diag.Diagnostic {
	def, ok := s.Parameters()
	if !ok {
		return nil
	}
	if err := def.Validate(); err != nil {
		return s.badDefinition(def, err)
	}
	if def.IncompleteKind()&cue.StructKind == 0 {
		return []diag.Diagnostic{{Pos: cuePos(def),
			Message: fmt.Sprintf("%s must be a struct, as the parameters are a mapping; it is %s", ParametersDef, constraintText(def))}}
	}
	if params == nil {
		params = tree.NewMap(diag.Pos{})
	}
	w := &walker{s: s, regular: true}
	w.node(def, ParametersDef, params, nil)
	u := s.unify(def, params)
	var out []diag.Diagnostic
	seen := map[string]bool{}
	var reported [][]string
	for _, f := range w.out {
		if f.kind == invalidValue && !u.confirms(f.path) {
			// The walker judged the value alone; in the whole, a
			// constraint that refers to another field accepts it.
			continue
		}
		reported = append(reported, f.at())
		// A YAML alias (<<: *options) shares one node between two
		// parameters: one mistake there is one finding.
		key := fmt.Sprint(f.pos, f.kind, f.key)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, s.paramDiagnostic(params, f))
	}
	return append(out, s.unifiedDiagnostics(def, params, u, reported)...)
}

// paramDiagnostic words one walker finding.
func (s *Schemas) paramDiagnostic(root *tree.Node, f finding) diag.Diagnostic {
	where := paramPath(root, f.path)
	d := diag.Diagnostic{Pos: f.pos}
	switch f.kind {
	case unknownKey:
		hint := didYouMean(f.key, f.known)
		if hint == "" && len(f.known) > 0 {
			hint = "; it allows " + strings.Join(f.known, ", ")
		}
		d.Message = fmt.Sprintf("%s may not have key %q: %s does not declare it%s; a struct that ends with ... allows other keys", paramsOwner(where), f.key, ParametersDef, hint)
	case missingKey:
		d.Message = fmt.Sprintf("%s lack %q, which %s requires: %s: %s", paramsOwner(where), f.key, ParametersDef, f.key, constraintText(f.want))
		if d.Pos.IsZero() {
			d.Message = fmt.Sprintf("the project has no parameters, and %s requires %q: %s", ParametersDef, f.key, constraintText(f.want))
			d.Pos = cuePos(f.want)
		}
	default:
		d.Message = fmt.Sprintf("parameter %s: %s does not satisfy %s (%s)", where, describeNode(lookupNode(root, f.path)), constraintText(f.want), ParametersDef)
	}
	if p := cuePos(f.want); !p.IsZero() && p != d.Pos {
		d.Notes = []diag.Note{{Pos: p, Message: "the constraint is declared here"}}
	}
	return d
}

// badDefinition reports a #Parameters that does not evaluate, in the
// project's .cue file.
func (s *Schemas) badDefinition(def cue.Value, err error) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, e := range errors.Errors(err) {
		pos := cuePos(def)
		if ps := errors.Positions(e); len(ps) > 0 {
			pos = diag.Pos{File: ps[0].Filename(), Line: ps[0].Line(), Col: ps[0].Column()}
		}
		format, args := e.Msg()
		msg := fmt.Sprintf(format, args...)
		if path := e.Path(); len(path) > 0 {
			msg = strings.Join(path, ".") + ": " + msg
		}
		out = append(out, diag.Diagnostic{Pos: pos, Message: "the parameters are not checked: " + msg})
	}
	return out
}

// constraintText shows a constraint as CUE writes it (defaults marked
// with *), on one line; a struct or a list of them by its kind.
func constraintText(v cue.Value) string {
	switch k := v.IncompleteKind(); {
	case k == cue.TopKind:
		return "_ (any value)"
	case k&cue.StructKind != 0:
		return kindNames(k)
	}
	b, err := format.Node(v.Syntax())
	if err != nil {
		return kindNames(v.IncompleteKind())
	}
	text := strings.Join(strings.Fields(string(b)), " ")
	if len(text) > 300 {
		text = text[:297] + "..."
	}
	return text
}

// cuePos is where v is declared, when that is a project file (kfc/...):
// kfc's embedded schemas are no place to send a user.
func cuePos(v cue.Value) diag.Pos {
	p := v.Pos()
	if !p.IsValid() || !strings.HasPrefix(p.Filename(), "kfc/") {
		return diag.Pos{}
	}
	return diag.Pos{File: p.Filename(), Line: p.Line(), Col: p.Column()}
}

// paramPath shows a path the way Kedro's params: references write it
// (a.b), list items as [i].
func paramPath(root *tree.Node, path []string) string {
	var b strings.Builder
	n := root
	for _, p := range path {
		if n != nil && n.Kind == tree.Seq {
			b.WriteString("[" + p + "]")
			i, _ := strconv.Atoi(p)
			n = item(n, i)
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p)
		if n != nil && n.Kind == tree.Map {
			n = n.Get(p)
		} else {
			n = nil
		}
	}
	return b.String()
}

// paramsOwner names the mapping a key belongs to.
func paramsOwner(where string) string {
	if where == "" {
		return "the parameters"
	}
	return "parameters " + where
}

// lookupNode is the deepest node of root along path.
func lookupNode(root *tree.Node, path []string) *tree.Node {
	n := root
	for _, p := range path {
		var next *tree.Node
		switch n.Kind {
		case tree.Map:
			next = n.Get(p)
		case tree.Seq:
			i, err := strconv.Atoi(p)
			if err == nil {
				next = item(n, i)
			}
		}
		if next == nil {
			return n
		}
		n = next
	}
	return n
}

func item(n *tree.Node, i int) *tree.Node {
	if n == nil || i < 0 || i >= len(n.Items) {
		return nil
	}
	return n.Items[i]
}
