package schema

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/errors"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// unification is the outcome of unifying the whole of the parameters with
// #Parameters: CUE's conflicts, one per path. CUE reports closedness and
// missing fields only when nothing conflicts, which is why the walker
// comes first; this pass is the judge of values.
type unification struct {
	ran     bool       // false: not run (the root is not checkable)
	errs    []cueError // in CUE's order
	dropped [][]string // values left out: ${...}, inf, nan, lists holding one
}

type cueError struct {
	path []string
	msg  string
}

func (s *Schemas) unify(def cue.Value, params *tree.Node) (u unification) {
	defer cueFailed("unifying the parameters with #Parameters") // kfc's internal error, never a silent pass
	data, ok := checkable(params, nil, &u.dropped)
	if !ok {
		return unification{}
	}
	err := def.Unify(s.ctx.Encode(data)).Validate(cue.All())
	done := map[string]bool{}
	for _, e := range errors.Errors(err) {
		path := dataPath(e.Path())
		key := strings.Join(path, "\x00")
		if done[key] {
			continue
		}
		done[key] = true
		format, args := e.Msg()
		u.errs = append(u.errs, cueError{path: path, msg: fmt.Sprintf(format, args...)})
	}
	u.ran = true
	return u
}

// dataPath is a CUE error path as keys of the data: without the
// definition, labels unquoted ("x.y" is the key x.y).
func dataPath(path []string) []string {
	if len(path) > 0 && path[0] == ParametersDef {
		path = path[1:]
	}
	out := make([]string, len(path))
	for i, p := range path {
		if u, err := strconv.Unquote(p); err == nil && strings.HasPrefix(p, `"`) {
			p = u
		}
		out[i] = p
	}
	return out
}

// confirms reports whether the whole unification agrees that the value at
// path is wrong: CUE has a conflict at it, above it or under it, or CUE
// never saw the value.
func (u unification) confirms(path []string) bool {
	if !u.ran {
		return true
	}
	for _, d := range u.dropped {
		if related(d, path) {
			return true
		}
	}
	for _, e := range u.errs {
		if related(e.path, path) {
			return true
		}
	}
	return false
}

// unifiedDiagnostics words CUE's conflicts at paths no walker finding
// already covers.
func (s *Schemas) unifiedDiagnostics(def cue.Value, params *tree.Node, u unification, reported [][]string) []diag.Diagnostic {
	var out []diag.Diagnostic
next:
	for _, e := range u.errs {
		for _, r := range reported {
			if related(r, e.path) {
				continue next
			}
		}
		n := lookupNode(params, e.path)
		where := paramPath(params, e.path)
		d := diag.Diagnostic{Pos: n.Pos(),
			Message: fmt.Sprintf("parameter %s: %s does not satisfy %s: %s", where, describeNode(n), ParametersDef, e.msg)}
		if want := schemaAt(def, params, e.path); want.Exists() {
			d.Message = fmt.Sprintf("parameter %s: %s does not satisfy %s (%s): %s", where, describeNode(n), constraintText(want), ParametersDef, e.msg)
			if p := cuePos(want); !p.IsZero() {
				d.Notes = []diag.Note{{Pos: p, Message: "the constraint is declared here"}}
			}
		}
		out = append(out, d)
	}
	return out
}

// related reports whether one path is a prefix of the other.
func related(a, b []string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// at is the path a finding is about: the value, or the key of a map.
func (f finding) at() []string {
	if f.kind == invalidValue {
		return f.path
	}
	return appendPath(f.path, f.key)
}

// checkable is n as plain data for CUE, without the values that are not
// final (${...}) or that CUE cannot hold (inf, nan), whose paths go to
// dropped; false when n itself is one.
func checkable(n *tree.Node, path []string, dropped *[][]string) (any, bool) {
	switch {
	case n == nil:
		return nil, true
	case unchecked(n), n.Kind == tree.Float && (math.IsInf(n.Float, 0) || math.IsNaN(n.Float)):
		*dropped = append(*dropped, path)
		return nil, false
	case n.Kind == tree.Map:
		m := make(map[string]any, len(n.Pairs))
		for _, p := range n.Pairs {
			if v, ok := checkable(p.Value, appendPath(path, p.Key), dropped); ok {
				m[p.Key] = v
			}
		}
		return m, true
	case n.Kind == tree.Seq:
		// A list must keep its length: one with an item CUE cannot hold
		// is left out whole.
		l := make([]any, len(n.Items))
		for i, it := range n.Items {
			var inner [][]string
			v, ok := checkable(it, appendPath(path, strconv.Itoa(i)), &inner)
			if !ok || len(inner) > 0 {
				*dropped = append(*dropped, path)
				return nil, false
			}
			l[i] = v
		}
		return l, true
	}
	return n.Any(), true
}

// schemaAt is the constraint def puts on the value at path (list items by
// index), or a value that does not exist.
func schemaAt(def cue.Value, root *tree.Node, path []string) cue.Value {
	sels := make([]cue.Selector, 0, len(path))
	n := root
	for _, p := range path {
		if i, err := strconv.Atoi(p); err == nil && n != nil && n.Kind == tree.Seq {
			sels = append(sels, cue.Index(i))
			n = item(n, i)
			continue
		}
		sels = append(sels, cue.Str(p))
		if n != nil && n.Kind == tree.Map {
			n = n.Get(p)
		} else {
			n = nil
		}
	}
	return def.LookupPath(cue.MakePath(sels...))
}
