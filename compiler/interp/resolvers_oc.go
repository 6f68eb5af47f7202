package interp

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// OmegaConf's built-in resolvers (omegaconf/resolvers/oc), argument for
// argument.

// ocEnv is oc.env: the variable, else str(default), else an error. Its
// value is a secret from here on.
func (e *evaluator) ocEnv(in *interp, args []value) (value, *evalError) {
	k, err := e.stringKey(in, "oc.env", args, 1, 2)
	if err != nil {
		return value{}, err
	}
	if s, ok := e.r.opts.Getenv(k.key); ok {
		return value{n: newStr(s), secret: true}, nil
	}
	if len(args) == 2 {
		d := args[1]
		if d.n.Kind == tree.Null {
			return value{n: &tree.Node{Kind: tree.Null}}, nil
		}
		return value{n: newStr(pyStr(d.n)), secret: d.secret}, nil
	}
	f := e.finding(in, CodeEnvUnset, "environment variable "+k.shown+" is not set and oc.env has no default")
	f.opaque = true
	return value{}, f
}

// ocSelect is oc.select: a key from the config root (or relative with
// leading dots); anything not there gives the default, or null.
func (e *evaluator) ocSelect(in *interp, args []value) (value, *evalError) {
	k, err := e.stringKey(in, "oc.select", args, 1, 2)
	if err != nil {
		return value{}, err
	}
	from, rest, dots, ok := e.start(k.key)
	if !ok {
		return value{}, e.errorf(in, CodeMissingKey, "oc.select key %s goes above the config root", k.shown)
	}
	val, le, err := e.walk(from, rest, dots)
	if err != nil {
		return value{}, err
	}
	if le == nil {
		return val, nil
	}
	if le.kind == lkBadIndex {
		return value{}, e.errorf(in, CodeMissingKey, "oc.select key %s %s", k.shown, lookupMessage(k, le))
	}
	if len(args) == 2 {
		return args[1], nil
	}
	return value{n: &tree.Node{Kind: tree.Null}}, nil
}

// ocDeprecated is oc.deprecated: the value of another key (Python also
// warns; kfc does not).
func (e *evaluator) ocDeprecated(in *interp, args []value) (value, *evalError) {
	k, err := e.stringKey(in, "oc.deprecated", args, 1, 2)
	if err != nil {
		return value{}, err
	}
	if len(args) == 2 && args[1].n.Kind != tree.String {
		return value{}, e.errorf(in, CodeResolverArguments, "oc.deprecated needs a string message, got %s", article(args[1].n))
	}
	from, rest, dots, ok := e.start(k.key)
	if !ok {
		return value{}, e.errorf(in, CodeMissingKey, "oc.deprecated key %s goes above the config root", k.shown)
	}
	val, le, err := e.walk(from, rest, dots)
	if err != nil {
		return value{}, err
	}
	if le != nil {
		return value{}, e.errorf(in, CodeMissingKey, "oc.deprecated key %s %s", k.shown, lookupMessage(k, le))
	}
	return val, nil
}

// ocDict is oc.dict.keys and oc.dict.values over a mapping of the config.
func (e *evaluator) ocDict(in *interp, name string, args []value) (value, *evalError) {
	k, err := e.stringKey(in, name, args, 1, 1)
	if err != nil {
		return value{}, err
	}
	from, rest, dots, ok := e.start(k.key)
	if !ok {
		return value{}, e.errorf(in, CodeMissingKey, "%s key %s goes above the config root", name, k.shown)
	}
	val, le, err := e.walk(from, rest, dots)
	if err != nil {
		return value{}, err
	}
	if le != nil {
		// select_value finds nothing under a scalar; the rest is as for ${...}.
		if le.kind == lkNotContainer {
			le.kind = lkNotFound
		}
		return value{}, e.errorf(in, CodeMissingKey, "%s key %s %s", name, k.shown, lookupMessage(k, le))
	}
	if val.n.Kind != tree.Map {
		return value{}, e.errorf(in, CodeResolverArguments, "%s needs a mapping, but key %s is %s", name, k.shown, article(val.n))
	}
	out := &tree.Node{Kind: tree.Seq}
	src := cursorOf(val)
	for i, p := range val.n.Pairs {
		if name == "oc.dict.keys" {
			out.Items = append(out.Items, newStr(p.Key))
			continue
		}
		item := value{n: p.Value}
		if src.v != nil {
			kid := &src.v.children()[i]
			item = refValue(kid)
			if isInterpolation(kid.n) {
				if item, err = e.r.resolveString(kid); err != nil {
					return value{}, err
				}
			}
		}
		n, err := e.materialize(item)
		if err != nil {
			return value{}, err
		}
		out.Items = append(out.Items, n)
	}
	return value{n: out}, nil
}

// ocCreate is oc.create: a new config made from a mapping, a list or YAML
// text, whose parent is the holder's container. Like OmegaConf, the new
// config is live: interpolations inside it resolve in its own place.
func (e *evaluator) ocCreate(in *interp, args []value) (value, *evalError) {
	if err := e.arity(in, "oc.create", args, 1, 1); err != nil {
		return value{}, err
	}
	a := args[0]
	n := a.n
	switch n.Kind {
	case tree.Null:
		return a, nil
	case tree.Map, tree.Seq:
	case tree.String:
		var scratch diag.List
		n = tree.Parse("", []byte(a.n.Text), &scratch)
		if scratch.Len() > 0 { // every YAML problem is fatal
			return value{}, e.errorf(in, CodeResolverArguments, "oc.create cannot parse its argument as YAML")
		}
		switch {
		case n == nil:
			n = &tree.Node{Kind: tree.Map}
		case n.Kind == tree.String:
			m := &tree.Node{Kind: tree.Map}
			m.Set(n.Text, diag.Pos{}, &tree.Node{Kind: tree.Null})
			n = m
		case !isContainer(n):
			return value{}, e.errorf(in, CodeResolverArguments, "oc.create needs a mapping or a list, its YAML argument is %s", article(n))
		}
	default:
		return value{}, e.errorf(in, CodeResolverArguments, "oc.create needs a mapping, a list or YAML text, got %s", article(n))
	}
	if !e.r.chargeCopies(countNodes(n)) {
		return value{}, e.r.limitError(in.off)
	}
	if a.ref != nil && n == a.n {
		// A mapping of the config: copied as written and re-parented, like DictConfig(content=...).
		var units int // already counted in the copies charged above
		return value{n: n, ref: build(n, e.ctx, e.holder.at, &units), secret: a.secret}, nil
	}
	// Parsed or built here (or a globals value, which must not be touched):
	// a private copy that borrows the holder's position for findings inside.
	n = n.Clone()
	var units int
	made := build(n, e.ctx, e.holder.at, &units)
	markSynthetic(made, e.holder.n.Pos())
	return value{n: n, ref: made, secret: a.secret}, nil
}

func markSynthetic(v *vnode, pos diag.Pos) {
	v.synthetic = true
	v.n.At = diag.Pack(pos)
	list := v.children()
	for i := range list {
		markSynthetic(&list[i], pos)
	}
}

func countNodes(n *tree.Node) int {
	c := 1
	for _, p := range n.Pairs {
		c += countNodes(p.Value)
	}
	for _, it := range n.Items {
		c += countNodes(it)
	}
	return c
}

// ocDecode is oc.decode: its string argument parsed as a resolver argument
// (grammar rule singleElement) and evaluated here.
func (e *evaluator) ocDecode(in *interp, args []value) (value, *evalError) {
	if err := e.arity(in, "oc.decode", args, 1, 1); err != nil {
		return value{}, err
	}
	a := args[0]
	switch a.n.Kind {
	case tree.Null:
		return a, nil
	case tree.String:
	default:
		return value{}, e.errorf(in, CodeResolverArguments, "oc.decode needs a string, got %s", article(a.n))
	}
	if !e.r.charge(len(a.n.Text)) {
		return value{}, e.r.limitError(in.off)
	}
	el, serr := parseElement(a.n.Text)
	if serr != nil && serr.limit {
		return value{}, e.errorf(in, CodeLimit, "oc.decode: %s", serr.msg)
	}
	if serr != nil {
		msg := "oc.decode cannot parse its argument: " + serr.msg
		if !a.secret && !e.r.secretConfig() {
			msg = "oc.decode cannot parse " + quoteShort(a.n.Text) + ": " + serr.msg
		}
		return value{}, e.errorf(in, CodeSyntax, "%s", msg)
	}
	sub := *e
	sub.src, sub.hidden = a.n.Text, a.secret || e.hidden
	if sub.fixedOff < 0 {
		sub.fixedOff = in.off
	}
	v, err := sub.element(el)
	if err != nil {
		return value{}, err
	}
	v.secret = v.secret || a.secret
	return v, nil
}
