package schematest

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"cuelang.org/go/cue"
	"github.com/kfc-dev/kfc/schema"
)

// GoTypeDiffers compares the Go type a document is encoded from with the
// CUE definition that document must fit, field by field: the JSON names of
// a struct's fields are the definition's fields, a field without
// omitempty is required (!) and one with it optional (?), a map is a struct
// with a [string] pattern, a slice a list, a string or bool the same kind.
// json.RawMessage (and types marshalling themselves, named in opaque) may
// hold any value. It returns one line per difference, sorted.
func GoTypeDiffers(t reflect.Type, def string, opaque ...reflect.Type) []string {
	s := schema.MustLoad()
	v := s.Value().LookupPath(cue.MakePath(cue.Def(def)))
	if !v.Exists() {
		return []string{"no definition " + def}
	}
	c := &typeCompare{opaque: map[reflect.Type]bool{reflect.TypeOf(json.RawMessage{}): true}}
	for _, o := range opaque {
		c.opaque[o] = true
	}
	c.compare(t, v, def)
	sort.Strings(c.diffs)
	return c.diffs
}

type typeCompare struct {
	opaque map[reflect.Type]bool
	diffs  []string
}

func (c *typeCompare) errorf(format string, args ...any) {
	c.diffs = append(c.diffs, fmt.Sprintf(format, args...))
}

func (c *typeCompare) compare(t reflect.Type, v cue.Value, path string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if c.opaque[t] {
		return
	}
	alts := alternatives(v)
	switch t.Kind() {
	case reflect.Struct:
		var structs []cue.Value
		for _, a := range alts {
			if a.IncompleteKind() == cue.StructKind {
				structs = append(structs, a)
			}
		}
		if len(structs) == 0 {
			c.errorf("%s: Go has a struct (%s), CUE %v", path, t, v.IncompleteKind())
			return
		}
		c.structs(t, structs, path)
	case reflect.Map:
		for _, a := range alts {
			if a.IncompleteKind() == cue.StructKind {
				if p := a.LookupPath(cue.MakePath(cue.AnyString)); p.Exists() {
					c.compare(t.Elem(), p, path+".*")
					return
				}
			}
		}
		c.errorf("%s: Go has a map (%s), CUE no struct with a [string] pattern", path, t)
	case reflect.Slice:
		for _, a := range alts {
			if a.IncompleteKind() == cue.ListKind {
				c.compare(t.Elem(), a.LookupPath(cue.MakePath(cue.AnyIndex)), path+"[]")
				return
			}
		}
		c.errorf("%s: Go has a slice (%s), CUE %v", path, t, v.IncompleteKind())
	case reflect.String:
		c.kind(v, cue.StringKind, t, path)
	case reflect.Bool:
		c.kind(v, cue.BoolKind, t, path)
	case reflect.Int, reflect.Int64, reflect.Int32:
		c.kind(v, cue.IntKind, t, path)
	default:
		c.errorf("%s: Go kind %s is not compared", path, t.Kind())
	}
}

func (c *typeCompare) kind(v cue.Value, k cue.Kind, t reflect.Type, path string) {
	if v.IncompleteKind()&k == 0 {
		c.errorf("%s: Go has %s, CUE %v", path, t, v.IncompleteKind())
	}
}

// structs compares a Go struct with one CUE struct or the struct
// alternatives of a disjunction (then the fields are the union and their
// requiredness is not compared: each alternative requires its own).
func (c *typeCompare) structs(t reflect.Type, alts []cue.Value, path string) {
	cueFields := map[string]cue.Value{}
	required := map[string]bool{}
	for _, a := range alts {
		iter, err := a.Fields(cue.Optional(true))
		if err != nil {
			c.errorf("%s: %v", path, err)
			return
		}
		for iter.Next() {
			sel := iter.Selector()
			if sel.IsDefinition() {
				continue
			}
			name := sel.Unquoted()
			cueFields[name] = iter.Value()
			required[name] = sel.ConstraintType() == cue.RequiredConstraint
		}
	}
	seen := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if !f.IsExported() || tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		seen[name] = true
		cv, ok := cueFields[name]
		if !ok {
			c.errorf("%s: Go field %s (%q) is not in CUE", path, f.Name, name)
			continue
		}
		if len(alts) == 1 {
			omit := strings.Contains(","+opts+",", ",omitempty,")
			switch {
			case omit && required[name]:
				c.errorf("%s.%s: Go omits it when empty, CUE requires it (!)", path, name)
			case !omit && !required[name]:
				c.errorf("%s.%s: Go always writes it, CUE has it optional (mark it !)", path, name)
			}
		}
		c.compare(f.Type, cv, path+"."+name)
	}
	for name := range cueFields {
		if !seen[name] {
			c.errorf("%s.%s: in CUE, not in Go (%s)", path, name, t)
		}
	}
}

// alternatives are v's disjuncts (references followed), or v.
func alternatives(v cue.Value) []cue.Value {
	op, args := v.Expr()
	if op == cue.SelectorOp || op == cue.NoOp && len(args) == 1 && !v.IsConcrete() {
		ev := v.Eval()
		if op2, _ := ev.Expr(); op2 == cue.OrOp {
			v = ev
			op, args = ev.Expr()
		}
	}
	if op != cue.OrOp {
		return []cue.Value{v}
	}
	var out []cue.Value
	for _, a := range args {
		out = append(out, alternatives(a)...)
	}
	return out
}
