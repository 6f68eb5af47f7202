package schema

import (
	"fmt"
	"regexp"
	"sort"

	"cuelang.org/go/cue"
)

// A jsonShape is a CUE definition compiled, once, into a Go check of JSON
// text (jsonscan.go): the keys, required fields, closedness, list forms
// and value kinds are read from the compiled CUE value, and each leaf
// constraint is either translated (a concrete value, =~, !~, !=, &) or,
// when it cannot be, decided by CUE itself. It answers what unifying the
// document with the definition would answer, without building the
// document in CUE: checking a 1,000-node plan that way took longer than
// building it (docs/bench.md). TestPlanShapeAgreesWithCUE holds the two
// to the same verdict.
type jsonShape struct {
	any   bool     // `_`: every value
	kinds cue.Kind // the kinds a value may have (ignored when alts)
	alts  []*jsonShape

	// struct
	fields   map[string]*jsonField
	sorted   []string     // the keys of fields in order: documents kfc writes follow it
	byOrder  []*jsonField // fields[sorted[i]]
	required []string
	pattern  *jsonShape // undeclared keys: nil when the struct is closed to them

	// list
	prefix []*jsonShape
	rest   *jsonShape // elements after prefix; nil: a closed list

	// scalar
	leaf *leafCheck // nil: the kind alone decides
}

type jsonField struct {
	shape    *jsonShape
	required bool
}

// leafCheck decides a scalar: by Go predicates translated from the CUE
// expression, or by unifying with the CUE value (cue) when untranslatable.
type leafCheck struct {
	eq     *scalar // a concrete value
	match  []textPattern
	nomat  []textPattern
	ne     []scalar
	cue    cue.Value
	useCUE bool
}

// scalar is a JSON scalar as the scanner reads it: kind and text (a
// string's text unescaped, a number's as written).
type scalar struct {
	kind cue.Kind
	text string
}

// compileShape compiles definition def of s into a jsonShape.
func (s *Schemas) compileShape(def string) (*jsonShape, error) {
	v := s.value.LookupPath(cue.MakePath(cue.Def(def)))
	if err := v.Err(); err != nil {
		return nil, fmt.Errorf("schema: %s: %v", def, err)
	}
	c := &shapeCompiler{s: s}
	sh := c.shape(v, 0)
	if c.err != nil {
		return nil, fmt.Errorf("schema: compiling %s: %v", def, c.err)
	}
	return sh, nil
}

type shapeCompiler struct {
	s   *Schemas
	err error
}

const maxShapeDepth = 64

func (c *shapeCompiler) shape(v cue.Value, depth int) *jsonShape {
	if depth > maxShapeDepth {
		c.err = fmt.Errorf("definition nested deeper than %d levels", maxShapeDepth)
		return &jsonShape{any: true}
	}
	if err := v.Err(); err != nil {
		c.err = err
		return &jsonShape{any: true}
	}
	if c.s.subsumes(v, "_") {
		return &jsonShape{any: true}
	}
	if alts := disjuncts(v); len(alts) > 1 {
		sh := &jsonShape{}
		for _, a := range alts {
			sh.alts = append(sh.alts, c.shape(a, depth+1))
		}
		return sh
	}
	k := v.IncompleteKind()
	sh := &jsonShape{kinds: k}
	switch {
	case k == cue.StructKind:
		c.structShape(sh, v, depth)
	case k == cue.ListKind:
		c.listShape(sh, v, depth)
	case k&(cue.StructKind|cue.ListKind) != 0:
		c.err = fmt.Errorf("a value that may be a struct, a list or a scalar without a disjunction (%v)", k)
	default:
		sh.leaf = c.leaf(v, k)
	}
	return sh
}

func (c *shapeCompiler) structShape(sh *jsonShape, v cue.Value, depth int) {
	sh.fields = map[string]*jsonField{}
	iter, err := v.Fields(cue.Optional(true))
	if err != nil {
		c.err = err
		return
	}
	for iter.Next() {
		sel := iter.Selector()
		if sel.IsDefinition() || sel.PkgPath() != "" {
			continue
		}
		fv := iter.Value()
		// A regular field (neither ! nor ?) must be there unless it is
		// concrete: validation asks for concrete values.
		req := sel.ConstraintType() == cue.RequiredConstraint ||
			sel.ConstraintType() == 0 && !fv.IsConcrete()
		name := sel.Unquoted()
		sh.fields[name] = &jsonField{shape: c.shape(fv, depth+1), required: req}
		if req {
			sh.required = append(sh.required, name)
		}
	}
	for name := range sh.fields {
		sh.sorted = append(sh.sorted, name)
	}
	sort.Strings(sh.sorted)
	for _, name := range sh.sorted {
		sh.byOrder = append(sh.byOrder, sh.fields[name])
	}
	const probe = "\x00kfc-probe"
	if v.Allows(cue.Str(probe)) {
		p := cue.MakePath(cue.Str(probe))
		sh.pattern = c.shape(v.FillPath(p, c.s.ctx.CompileString("_")).LookupPath(p), depth+1)
	}
}

func (c *shapeCompiler) listShape(sh *jsonShape, v cue.Value, depth int) {
	if iter, err := v.List(); err == nil {
		for iter.Next() {
			sh.prefix = append(sh.prefix, c.shape(iter.Value(), depth+1))
		}
	}
	if v.Allows(cue.AnyIndex) {
		sh.rest = c.shape(v.LookupPath(cue.MakePath(cue.AnyIndex)), depth+1)
	}
}

// leaf translates a scalar constraint; what it cannot translate CUE decides.
func (c *shapeCompiler) leaf(v cue.Value, k cue.Kind) *leafCheck {
	if top := topOfKind(k); top != "" && c.s.subsumes(v, top) {
		return nil // any value of its kinds
	}
	lc := &leafCheck{}
	if !c.translate(lc, v, 0) {
		return &leafCheck{cue: v, useCUE: true}
	}
	return lc
}

// topOfKind is the CUE type of every value of kind k, or "".
func topOfKind(k cue.Kind) string {
	switch k {
	case cue.NullKind:
		return "null"
	case cue.BoolKind:
		return "bool"
	case cue.IntKind:
		return "int"
	case cue.FloatKind:
		return "float"
	case cue.NumberKind:
		return "number"
	case cue.StringKind:
		return "string"
	}
	return ""
}

// translate adds v's constraint to lc; false when it is not one of the
// forms kept in Go.
func (c *shapeCompiler) translate(lc *leafCheck, v cue.Value, depth int) bool {
	if depth > 16 {
		return false
	}
	op, args := v.Expr()
	if op == cue.SelectorOp || op == cue.NoOp && len(args) == 1 && !v.IsConcrete() {
		ev := v.Eval()
		if op2, args2 := ev.Expr(); op2 != cue.NoOp || len(args2) != 1 || ev.IsConcrete() {
			if op2 == cue.SelectorOp {
				return false
			}
			return c.translate(lc, ev, depth+1)
		}
		v = ev
		op, args = v.Expr()
	}
	switch op {
	case cue.NoOp:
		if v.IsConcrete() {
			sc, ok := concreteScalar(v)
			if !ok || lc.eq != nil {
				return false
			}
			lc.eq = &sc
			return true
		}
		// A basic type (string, int, ...): the kind check decides it.
		if top := topOfKind(v.IncompleteKind()); top != "" && c.s.subsumes(v, top) {
			return true
		}
		return c.s.subsumes(v, "_") // `_`, as a pattern's value carries it
	case cue.AndOp:
		for _, a := range args {
			if !c.translate(lc, a, depth+1) {
				return false
			}
		}
		return true
	case cue.RegexMatchOp, cue.NotRegexMatchOp:
		if len(args) != 1 {
			return false
		}
		pat, err := args[0].String()
		if err != nil {
			return false
		}
		re, err := regexp.Compile(pat)
		if err != nil {
			return false
		}
		if op == cue.RegexMatchOp {
			lc.match = append(lc.match, newTextPattern(re))
		} else {
			lc.nomat = append(lc.nomat, newTextPattern(re))
		}
		return true
	case cue.NotEqualOp:
		if len(args) != 1 {
			return false
		}
		sc, ok := concreteScalar(args[0])
		if !ok {
			return false
		}
		lc.ne = append(lc.ne, sc)
		return true
	}
	return false
}

// concreteScalar is a concrete string, bool or null (numbers are left to
// CUE: their text has many spellings).
func concreteScalar(v cue.Value) (scalar, bool) {
	switch v.Kind() {
	case cue.StringKind:
		s, err := v.String()
		return scalar{kind: cue.StringKind, text: s}, err == nil
	case cue.BoolKind:
		b, err := v.Bool()
		if b {
			return scalar{kind: cue.BoolKind, text: "true"}, err == nil
		}
		return scalar{kind: cue.BoolKind, text: "false"}, err == nil
	case cue.NullKind:
		return scalar{kind: cue.NullKind, text: "null"}, true
	}
	return scalar{}, false
}
