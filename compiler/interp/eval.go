package interp

import (
	"fmt"
	"strings"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// evaluator walks the parse tree of one string, as GrammarVisitor does.
type evaluator struct {
	r      *resolver
	holder *vnode // the string being resolved
	ctx    *vnode // its container: relative keys and resolvers' _parent_
	frame  *frame
	// While evaluating oc.decode's parsed argument, errors point at the
	// oc.decode call (fixedOff) and its text is hidden if it is a secret.
	fixedOff int
	src      string
	hidden   bool
	at       *interp // innermost interpolation being evaluated
}

func (e *evaluator) errorf(in *interp, code diag.Code, format string, args ...any) *evalError {
	return e.finding(in, code, fmt.Sprintf(format, args...))
}

func (e *evaluator) finding(in *interp, code diag.Code, msg string) *evalError {
	if in == nil {
		in = e.at
	}
	off := e.fixedOff
	if off < 0 && in != nil {
		off = in.off
	}
	return &evalError{code: code, msg: msg, off: off}
}

// show is an interpolation as written, for messages.
func (e *evaluator) show(in *interp) string {
	if e.hidden || in.end > len(e.src) || in.off > in.end {
		return "${...}"
	}
	return e.src[in.off:in.end]
}

// text is visitText: one interpolation keeps its value's type, anything
// else is concatenated with Python's str() of each part.
func (e *evaluator) text(t *text) (value, *evalError) {
	if in := t.single(); in != nil {
		return e.interp(in)
	}
	var b strings.Builder
	secret := false
	for _, p := range t.parts {
		if p.in == nil {
			b.WriteString(p.lit)
			continue
		}
		v, err := e.interp(p.in)
		if err != nil {
			return value{}, err
		}
		s := pyStr(v.n)
		if !e.r.charge(len(s)) {
			return value{}, e.r.limitError(p.in.off)
		}
		b.WriteString(s)
		secret = secret || v.secret
	}
	return value{n: newStr(b.String()), secret: secret, owned: true}, nil
}

func (e *evaluator) interp(in *interp) (value, *evalError) {
	if !e.r.charge(1) {
		return value{}, e.r.limitError(in.off)
	}
	prevAt := e.at
	e.at = in
	defer func() { e.at = prevAt }()
	if e.fixedOff < 0 {
		prev := e.frame.off
		e.frame.off = in.off
		defer func() { e.frame.off = prev }()
	}
	var v value
	var err *evalError
	if in.resolver {
		v, err = e.call(in)
	} else {
		key, secret, jerr := e.join(in.key, "a key")
		if jerr != nil {
			return value{}, jerr
		}
		v, err = e.node(in, key, secret)
	}
	// Every value of the credentials config is a secret, whoever refers to it.
	v.secret = v.secret || e.r.secretConfig()
	return v, err
}

// join concatenates key or resolver-name pieces; a nested interpolation in
// them must give a string (visitConfigKey / visitResolverName).
func (e *evaluator) join(parts []textPart, what string) (string, bool, *evalError) {
	var b strings.Builder
	secret := false
	for _, p := range parts {
		if p.in == nil {
			b.WriteString(p.lit)
			continue
		}
		v, err := e.interp(p.in)
		if err != nil {
			return "", false, err
		}
		if v.n.Kind != tree.String {
			return "", false, e.errorf(p.in, CodeKeyType,
				"interpolation '%s' is used as %s but gives %s, not a string", e.show(p.in), what, article(v.n))
		}
		b.WriteString(v.n.Text)
		secret = secret || v.secret
	}
	return b.String(), secret, nil
}

// node resolves a node interpolation ${key} (_resolve_node_interpolation).
func (e *evaluator) node(in *interp, key string, secret bool) (value, *evalError) {
	shown := key
	if secret {
		shown = e.show(in)
	}
	if e.r.secretConfig() {
		shown = "${...}"
	}
	from, rest, dots, ok := e.start(key)
	if !ok {
		return value{}, e.errorf(in, CodeMissingKey, "interpolation key '%s' goes above the config root", shown)
	}
	val, le, err := e.walk(from, rest, dots)
	if err != nil {
		return value{}, err
	}
	if le != nil {
		msg := "interpolation key '" + shown + "' " + describeLookup(le)
		if e.r.secretConfig() {
			// The key as written is text of a credentials file (`p${ss}` may
			// be a password): the position says where, the message does not.
			msg = "interpolation key not found (kfc does not quote the text of credentials)"
		} else if secret {
			msg = "interpolation key '" + shown + "' not found"
		} else if le.kind == lkNotFound && dots == 0 && le.at == 0 && e.ctx != nil && e.ctx.n.Kind == tree.Map && e.ctx.child(le.parts[0]) != nil {
			// A sibling key written without the leading dot.
			msg = "interpolation key '" + shown + "' not found (did you mean '." + key + "'?)"
		}
		return value{}, e.errorf(in, CodeMissingKey, "%s", msg)
	}
	// _validate_not_dereferencing_to_parent: a mapping cannot hold a copy of itself.
	if val.ref != nil && e.ctx != nil && val.ref.contains(e.ctx) {
		return value{}, e.errorf(in, CodeCycle, "interpolation cycle: '%s' refers to '%s', which contains it",
			displayPath(e.holder), displayPath(val.ref))
	}
	return val, nil
}

// element evaluates a resolver argument (visitElement + _get_value).
func (e *evaluator) element(el *element) (value, *evalError) {
	switch el.kind {
	case elEmpty:
		return value{n: newStr("")}, nil
	case elQuoted:
		if el.quoted == nil {
			return value{n: newStr("")}, nil
		}
		v, err := e.text(el.quoted)
		if err != nil {
			return value{}, err
		}
		return value{n: newStr(pyStr(v.n)), secret: v.secret}, nil
	case elList:
		out := &tree.Node{Kind: tree.Seq, Items: make([]*tree.Node, 0, len(el.items))}
		secret := false
		for _, it := range el.items {
			v, err := e.element(it)
			if err != nil {
				return value{}, err
			}
			n, err := e.materialize(v)
			if err != nil {
				return value{}, err
			}
			out.Items = append(out.Items, n)
			secret = secret || v.secret
		}
		return value{n: out, secret: secret}, nil
	case elDict:
		out := &tree.Node{Kind: tree.Map}
		secret := false
		for i, k := range el.keys {
			v, err := e.element(el.values[i])
			if err != nil {
				return value{}, err
			}
			n, err := e.materialize(v)
			if err != nil {
				return value{}, err
			}
			out.Set(k.Str(), diag.Pos{}, n)
			secret = secret || v.secret
		}
		return value{n: out, secret: secret}, nil
	}
	if el.lit != nil {
		return value{n: el.lit}, nil
	}
	return e.text(&text{parts: el.parts})
}

// materialize copies a value into a fresh container (a list or dict
// argument, oc.dict.values); a mapping that is being copied right now
// cannot be copied into itself.
func (e *evaluator) materialize(v value) (*tree.Node, *evalError) {
	if n := e.r.materialize(v, diag.PackedPos{}); n != nil {
		return n, nil
	}
	return nil, e.errorf(nil, CodeCycle, "interpolation cycle: '%s' refers to '%s', which contains it",
		displayPath(e.holder), displayPath(v.ref))
}
