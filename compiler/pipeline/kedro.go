package pipeline

import (
	"strings"
	"unicode"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// KedroCall is what a `kedro:` node calls and how, as Kedro's node() does:
// the function by import path, and the shape its inputs and outputs were
// written in, which decides how values are passed (one positional
// argument, several, or keywords) and how the result is split.
type KedroCall struct {
	Function string   // "package.module:qualname"
	Pos      diag.Pos // the kedro: value
	// InputsForm and OutputsForm are FormNone, FormName, FormList or FormMapping.
	InputsForm, OutputsForm string
	// Args are the inputs in the order written, each pointing into the
	// node's Inputs or Params (Kedro writes parameters among the inputs;
	// kfc keeps them apart for the graph). Remapping renames those
	// bindings in place, so the order survives namespaces.
	Args []ArgRef
}

// ArgRef points at one input of a kedro node: Params[Index] when Param,
// else Inputs[Index].
type ArgRef struct {
	Param bool
	Index int
}

// Shapes of a kedro node's inputs and outputs, as Kedro's node() takes them.
const (
	FormNone    = "none"    // None: no argument, or nothing returned
	FormName    = "name"    // "x": one positional argument, or the whole return value
	FormList    = "list"    // ["x", "y"]: positional arguments, or a returned tuple/list
	FormMapping = "mapping" // {arg: "x"}: keyword arguments, or a returned dict
)

// KedroArgs returns the node's inputs in the order written (parameters
// included), with their final names.
func (n *Node) KedroArgs() []Binding {
	if n.Kedro == nil {
		return nil
	}
	out := make([]Binding, 0, len(n.Kedro.Args))
	for _, a := range n.Kedro.Args {
		if a.Param {
			out = append(out, n.Params[a.Index])
		} else {
			out = append(out, n.Inputs[a.Index])
		}
	}
	return out
}

// KedroInputs returns a kedro node's inputs as Kedro's node() holds them,
// with their final names: nil, a string, a []string in order, or a
// map[string]string from argument to name.
func (n *Node) KedroInputs() any {
	if n.Kedro == nil {
		return nil
	}
	return kedroBinding(n.Kedro.InputsForm, n.KedroArgs())
}

// KedroOutputs is KedroInputs for the outputs.
func (n *Node) KedroOutputs() any {
	if n.Kedro == nil {
		return nil
	}
	return kedroBinding(n.Kedro.OutputsForm, n.Outputs)
}

func kedroBinding(form string, list []Binding) any {
	switch form {
	case FormName:
		if len(list) == 1 {
			return list[0].Dataset
		}
	case FormMapping:
		m := make(map[string]string, len(list))
		for _, b := range list {
			m[b.Key] = b.Dataset
		}
		return m
	case FormList:
		names := make([]string, len(list))
		for i, b := range list {
			names[i] = b.Dataset
		}
		return names
	}
	return nil
}

// formOf is the shape a binding was written in.
func formOf(v *tree.Node) string {
	switch {
	case v == nil || v.Kind == tree.Null:
		return FormNone
	case v.Kind == tree.Seq:
		return FormList
	case v.Kind == tree.Map:
		return FormMapping
	}
	return FormName
}

// kedroFunction reads `kedro: package.module:function`.
func (p *parser) kedroFunction(n *Node, v *tree.Node, keyPos diag.Pos) {
	n.Kedro = &KedroCall{Pos: posOf(v, keyPos), InputsForm: FormNone, OutputsForm: FormNone}
	s, ok := p.str(v, keyPos, "kedro")
	if !ok {
		return
	}
	if !ValidKedroFunction(s) {
		p.diags.Reportf(v.Pos(), CodeFormat, "kedro takes a function as package.module:function (a lambda, a functools.partial or a closure has no such name), got %q", s)
		return
	}
	n.Kedro.Function = s
}

// ValidKedroFunction reports whether s is module:qualname with a dotted
// Python module path and a dotted qualified name, so Python's importlib
// and getattr can find it.
func ValidKedroFunction(s string) bool {
	module, qual, ok := strings.Cut(s, ":")
	return ok && dottedIdentifiers(module) && dottedIdentifiers(qual)
}

func dottedIdentifiers(s string) bool {
	if s == "" {
		return false
	}
	for _, part := range strings.Split(s, ".") {
		if !identifier(part) {
			return false
		}
	}
	return true
}

// identifier is Python's str.isidentifier, near enough: a letter or _,
// then letters, digits or _.
func identifier(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if !(r == '_' || unicode.IsLetter(r) || (i > 0 && unicode.IsNumber(r))) {
			return false
		}
	}
	return true
}

// kedroInputs reads a kedro node's inputs: a name, a list, or a mapping
// from argument to name, where parameter references sit among datasets
// as in Kedro. Datasets go to n.Inputs, parameters to n.Params, and the
// order written to n.Kedro.Args.
func (p *parser) kedroInputs(n *Node, v *tree.Node, keyPos diag.Pos) {
	n.Kedro.InputsForm = formOf(v)
	add := func(key string, val *tree.Node, at diag.Pos) {
		name, ok := p.str(val, at, "inputs name")
		if !ok {
			return
		}
		field := "inputs"
		if IsParameter(name) {
			field = "params"
		}
		b, ok := p.binding(field, key, name, val.Pos())
		if !ok {
			return
		}
		if field == "params" {
			n.Kedro.Args = append(n.Kedro.Args, ArgRef{Param: true, Index: len(n.Params)})
			n.Params = append(n.Params, b)
		} else {
			n.Kedro.Args = append(n.Kedro.Args, ArgRef{Index: len(n.Inputs)})
			n.Inputs = append(n.Inputs, b)
		}
	}
	switch {
	case v.Kind == tree.Null:
	case v.Kind == tree.String:
		add("", v, keyPos)
	case v.Kind == tree.Seq:
		for _, it := range v.Items {
			add("", it, v.Pos())
		}
	case v.Kind == tree.Map:
		for _, pair := range v.Pairs {
			if !identifier(pair.Key) {
				p.diags.Reportf(pair.KeyPos(), CodeInvalidName, "%q is not a Python argument name: a kedro node's inputs mapping goes from the function's arguments to datasets", pair.Key)
			}
			add(pair.Key, pair.Value, pair.KeyPos())
		}
	default:
		p.diags.Reportf(v.Pos(), CodeFormat, "inputs must be a name, a list of names or a mapping, got %s", describe(v))
	}
}

// confirms reads a kedro node's confirms: a dataset name or a list.
func (p *parser) confirms(v *tree.Node, keyPos diag.Pos) []string {
	var out []string
	add := func(it *tree.Node, at diag.Pos) {
		s, ok := p.str(it, at, "confirms name")
		switch {
		case ok && s == "":
			p.diags.Reportf(it.Pos(), CodeFormat, "a confirms name is empty: give the dataset whose confirm() runs")
		case ok:
			out = append(out, s)
		}
	}
	switch {
	case v == nil || v.Kind == tree.Null:
	case v.Kind == tree.Seq:
		for _, it := range v.Items {
			add(it, v.Pos())
		}
	default:
		add(v, keyPos)
	}
	return out
}
