package schema

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/errors"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// The walker checks a tree.Node against a CUE schema value the way CUE's
// own unification would, but one node at a time, in Go: unknown keys of
// closed structs, missing required fields and value errors are all found
// in one pass (CUE reports only the first kind it meets), each at the
// data's position. CUE itself decides every leaf value, and verdicts are
// cached per schema node and value, so a catalog of thousands of similar
// entries costs a few CUE unifications, not thousands.

type findingKind int

const (
	unknownKey findingKind = iota
	missingKey
	invalidValue
	reservedKey
)

type finding struct {
	kind  findingKind
	path  []string // keys from the checked root to the map holding key, or to the bad value
	key   string   // unknownKey, missingKey, reservedKey
	pos   diag.Pos
	msg   string    // invalidValue: why
	known []string  // unknownKey: the keys the struct allows
	want  cue.Value // invalidValue: the schema the value fails; missingKey: the missing field's
}

// structInfo is what the walker needs of a struct schema.
type structInfo struct {
	value    cue.Value
	fields   map[string]*fieldInfo
	order    []string // declared order
	required []string
	needed   []string // required plus regular fields without a concrete value (walker.regular); nil until asked
	// freeKeys: keys not declared are allowed and unconstrained ({...}).
	freeKeys bool
	patterns map[string]cue.Value // constraint of an undeclared, allowed key
}

type fieldInfo struct {
	name     string
	sid      string // schema id of the field's value
	value    cue.Value
	required bool
	optional bool
	catalog  bool // a catalog-level key, not a constructor argument
	reserved bool
	nested   bool // holds a whole dataset configuration
	attr     cue.Attribute
}

var (
	kindTops = map[tree.Kind]string{tree.Null: "null", tree.Bool: "bool", tree.Int: "int", tree.Float: "float", tree.String: "string", tree.Map: "{...}", tree.Seq: "[...]"}
)

// structOf returns the struct part of schema v (a disjunction keeps only
// its struct branches), cached under the schema id sid.
func (s *Schemas) structOf(v cue.Value, sid string) (st *structInfo) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st, ok := s.structs[sid]; ok {
		return st
	}
	st = &structInfo{fields: map[string]*fieldInfo{}, patterns: map[string]cue.Value{}}
	defer cueFailed("reading the fields of " + sid)
	sv := branch(v, cue.StructKind)
	st.value = sv
	// No fields (`_`, a basic type) is not an error: the probe below says
	// which keys it allows.
	if iter, err := sv.Fields(cue.Optional(true)); err == nil {
		for iter.Next() {
			sel := iter.Selector()
			if sel.IsDefinition() || sel.PkgPath() != "" {
				continue
			}
			name := sel.Unquoted()
			fi := &fieldInfo{name: name, sid: sid + "." + name, value: iter.Value(), required: sel.ConstraintType() == cue.RequiredConstraint, optional: iter.IsOptional()}
			fi.attr = iter.Value().Attribute("kfc")
			if fi.attr.Err() == nil {
				fi.catalog, _ = fi.attr.Flag(0, "catalog")
				fi.reserved, _ = fi.attr.Flag(0, "reserved")
				fi.nested, _ = fi.attr.Flag(0, "dataset")
			}
			st.fields[name] = fi
			st.order = append(st.order, name)
			if fi.required {
				st.required = append(st.required, name)
			}
		}
	}
	const probe = "\x00kfc-probe"
	if sv.Allows(cue.Str(probe)) {
		p := cue.MakePath(cue.Str(probe))
		elem := sv.FillPath(p, s.ctx.CompileString("_")).LookupPath(p)
		st.freeKeys = s.subsumes(elem, "_")
	}
	s.structs[sid] = st
	return st
}

// disjuncts flattens v into its alternatives, references evaluated.
func disjuncts(v cue.Value) []cue.Value {
	var out []cue.Value
	var walk func(cue.Value, int)
	walk = func(v cue.Value, depth int) {
		op, args := v.Expr()
		if op == cue.SelectorOp || op == cue.NoOp && len(args) == 1 && depth < 8 {
			ev := v.Eval()
			if op2, _ := ev.Expr(); op2 == cue.OrOp {
				walk(ev, depth+1)
				return
			}
		}
		if op != cue.OrOp || depth >= 8 {
			out = append(out, v)
			return
		}
		for _, a := range args {
			walk(a, depth+1)
		}
	}
	walk(v, 0)
	return out
}

// branch is the alternative of v that allows kind k (v itself when v is
// not a disjunction). Picking the branch, rather than unifying v with a
// kind, keeps CUE's evaluator out of disjunctions of closed structs.
func branch(v cue.Value, k cue.Kind) cue.Value {
	if v.IncompleteKind()&^k == 0 {
		return v
	}
	for _, d := range disjuncts(v) {
		if d.IncompleteKind()&k != 0 {
			return d
		}
	}
	return v
}

// pattern is the constraint on an undeclared key that the struct allows.
func (s *Schemas) pattern(st *structInfo, key string) cue.Value {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := st.patterns[key]; ok {
		return v
	}
	p := cue.MakePath(cue.Str(key))
	v := s.patternValue(st.value.FillPath(p, s.ctx.CompileString("_")).LookupPath(p))
	st.patterns[key] = v
	return v
}

// patternValue is the constraint a pattern puts on a key filled with `_`,
// without that `_ &`: the struct branch of a disjunction (its declared
// keys, for did-you-mean) is then found.
func (s *Schemas) patternValue(v cue.Value) cue.Value {
	op, args := v.Expr()
	if op != cue.AndOp || len(args) != 2 {
		return v
	}
	for i, a := range args {
		if op, _ := a.Expr(); op == cue.NoOp && a.IncompleteKind() == cue.TopKind && s.subsumes(a, "_") {
			return args[1-i]
		}
	}
	return v
}

type walker struct {
	s   *Schemas
	out []finding
	// regular: a regular field (neither ? nor !) with no concrete value
	// or default is required too, as `cue vet -c` reads data.
	regular bool
}

// leafKey identifies a verdict on a scalar: its schema, kind and text.
type leafKey struct {
	sid  string
	kind tree.Kind
	text string
}

// node checks n against schema v; sid identifies v for the caches.
func (w *walker) node(v cue.Value, sid string, n *tree.Node, path []string) {
	if n == nil || unchecked(n) {
		return
	}
	if !kindAllowed(v.IncompleteKind(), n.Kind) {
		w.out = append(w.out, finding{kind: invalidValue, path: path, pos: n.Pos(), want: v,
			msg: "expected " + kindNames(v.IncompleteKind()) + ", got " + describeNode(n)})
		return
	}
	switch n.Kind {
	case tree.Map:
		w.mapping(w.s.structOf(v, sid), sid, n, path)
	case tree.Seq:
		elem := branch(v, cue.ListKind).LookupPath(cue.MakePath(cue.AnyIndex))
		if !elem.Exists() {
			return
		}
		for i, item := range n.Items {
			w.node(elem, sid+"[]", item, appendPath(path, strconv.Itoa(i)))
		}
	default:
		if msg := w.s.leaf(v, sid, n); msg != "" {
			w.out = append(w.out, finding{kind: invalidValue, path: path, pos: n.Pos(), msg: msg, want: v})
		}
	}
}

// mapping checks the keys of n against struct st, then each value.
func (w *walker) mapping(st *structInfo, sid string, n *tree.Node, path []string) {
	for i := range n.Pairs {
		pair := &n.Pairs[i]
		if fi, ok := st.fields[pair.Key]; ok {
			if fi.reserved {
				w.out = append(w.out, finding{kind: reservedKey, path: path, key: pair.Key, pos: pair.KeyPos()})
				continue
			}
			w.node(fi.value, fi.sid, pair.Value, appendPath(path, pair.Key))
			continue
		}
		if st.freeKeys {
			continue
		}
		if !st.value.Allows(cue.Str(pair.Key)) {
			w.out = append(w.out, finding{kind: unknownKey, path: path, key: pair.Key, pos: pair.KeyPos(), known: st.order})
			continue
		}
		w.node(w.s.pattern(st, pair.Key), sid+".*"+pair.Key, pair.Value, appendPath(path, pair.Key))
	}
	required := st.required
	if w.regular {
		required = w.s.needed(st)
	}
	for _, req := range required {
		if n.Get(req) == nil {
			w.out = append(w.out, finding{kind: missingKey, path: path, key: req, pos: n.Pos(), want: st.fields[req].value})
		}
	}
}

// needed lists the fields of st that data must hold when regular fields
// count: the required ones and the regular ones that are not concrete
// (with defaults applied), cached on st.
func (s *Schemas) needed(st *structInfo) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st.needed != nil {
		return st.needed
	}
	st.needed = []string{}
	for _, name := range st.order {
		fi := st.fields[name]
		if fi.required || !fi.optional && !complete(fi.value) {
			st.needed = append(st.needed, name)
		}
	}
	return st.needed
}

// complete reports whether v, defaults applied, needs no more data. A
// CUE evaluator panic is kfc's internal error (cueFailed).
func complete(v cue.Value) (ok bool) {
	defer cueFailed("checking whether a field needs a value")
	return v.Validate(cue.Concrete(true)) == nil
}

// leaf decides a scalar against schema v: "" when valid, else why not.
func (s *Schemas) leaf(v cue.Value, sid string, n *tree.Node) string {
	kindKey := leafKey{sid: sid, kind: n.Kind}
	s.mu.Lock()
	kindOnly, seen := s.kindOnly[kindKey]
	s.mu.Unlock()
	if !seen {
		// Does v accept every value of this kind? Then the value never matters.
		kindOnly = s.subsumes(v, kindTops[n.Kind])
		s.mu.Lock()
		s.kindOnly[kindKey] = kindOnly
		s.mu.Unlock()
	}
	if kindOnly {
		return ""
	}
	valueKey := leafKey{sid: sid, kind: n.Kind, text: n.Text}
	s.mu.Lock()
	msg, done := s.leaves[valueKey]
	s.mu.Unlock()
	if done {
		return msg
	}
	msg = s.evalLeaf(v, n)
	s.mu.Lock()
	s.leaves[valueKey] = msg
	s.mu.Unlock()
	return msg
}

// subsumes reports whether schema v accepts every instance of the CUE
// expression of (a kind).
func (s *Schemas) subsumes(v cue.Value, of string) (ok bool) {
	defer cueFailed("comparing a schema with " + of)
	return v.Subsume(s.ctx.CompileString(of), cue.Schema()) == nil
}

// evalLeaf unifies v with n's value; "" when valid.
func (s *Schemas) evalLeaf(v cue.Value, n *tree.Node) (msg string) {
	defer cueFailed("checking a value")
	if err := v.Unify(s.ctx.Encode(n.Any())).Validate(cue.Concrete(true), cue.All()); err != nil {
		return s.explain(v, n, err)
	}
	return ""
}

// explain turns a CUE error for value n into one message, with the schema
// path stripped and a disjunction's fan-out collapsed into "one of".
func (s *Schemas) explain(v cue.Value, n *tree.Node, err error) string {
	if alts := disjuncts(v); len(alts) > 1 {
		names := make([]string, 0, len(alts))
		for _, a := range alts {
			names = append(names, formatValue(a))
		}
		return "expected one of " + strings.Join(names, ", ") + "; got " + describeNode(n)
	}
	errs := errors.Errors(err)
	if len(errs) == 0 {
		return err.Error()
	}
	format, fargs := errs[0].Msg()
	return "invalid value " + describeNode(n) + ": " + sprintf(format, fargs...)
}

// placeholder matches a dataset-factory placeholder such as {name}.
var placeholder = regexp.MustCompile(`\{[^{}$]*\}`)

// unchecked reports whether a scalar's value is not final: an interpolation
// the loader left in place, or a factory placeholder filled in at run time.
func unchecked(n *tree.Node) bool {
	return n.Kind == tree.String && strings.ContainsRune(n.Text, '{') &&
		(strings.Contains(n.Text, "${") || placeholder.MatchString(n.Text))
}

func appendPath(path []string, key string) []string {
	out := make([]string, len(path), len(path)+1)
	copy(out, path)
	return append(out, key)
}

func kindAllowed(k cue.Kind, nk tree.Kind) bool {
	switch nk {
	case tree.Null:
		return k&cue.NullKind != 0
	case tree.Bool:
		return k&cue.BoolKind != 0
	case tree.Int:
		return k&cue.IntKind != 0
	case tree.Float:
		return k&cue.FloatKind != 0
	case tree.String:
		return k&cue.StringKind != 0
	case tree.Map:
		return k&cue.StructKind != 0
	case tree.Seq:
		return k&cue.ListKind != 0
	}
	return false
}

// cueFailed, deferred, turns a panic inside CUE into kfc's internal error
// (exit 3, one line): a check that failed in itself must never pass as a
// value it did not look at.
func cueFailed(what string) {
	if r := recover(); r != nil {
		if _, ok := r.(*InternalError); ok {
			panic(r)
		}
		panic(&InternalError{Err: fmt.Errorf("schema: CUE failed %s: %v", what, r)})
	}
}
