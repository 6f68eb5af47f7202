package interp

import (
	"fmt"
	"sort"
	"strings"

	"github.com/kfc-dev/kfc/compiler/tree"
)

// Resolvers a Kedro project has without registering anything: OmegaConf's
// built-ins (oc.env only while credentials load) and the two Kedro adds.
var builtinResolvers = []string{
	"globals", "oc.create", "oc.decode", "oc.deprecated", "oc.dict.keys",
	"oc.dict.values", "oc.env", "oc.select", "runtime_params",
}

// call evaluates ${name:args}: arguments first, as OmegaConf's visitor
// does, then the resolver.
func (e *evaluator) call(in *interp) (value, *evalError) {
	name, secret, err := e.join(in.name, "a resolver name")
	if err != nil {
		return value{}, err
	}
	args := make([]value, len(in.args))
	for i, a := range in.args {
		if args[i], err = e.element(a); err != nil {
			return value{}, err
		}
	}
	custom := e.r.opts.CustomResolvers[name]
	switch name {
	case "globals":
		return e.globals(in, args)
	case "runtime_params":
		return e.runtimeParams(in, args)
	case "oc.select":
		return e.ocSelect(in, args)
	case "oc.decode":
		return e.ocDecode(in, args)
	case "oc.create":
		return e.ocCreate(in, args)
	case "oc.deprecated":
		return e.ocDeprecated(in, args)
	case "oc.dict.keys", "oc.dict.values":
		return e.ocDict(in, name, args)
	case "oc.env":
		// Kedro clears oc.env, so a project may register its own under that name.
		if !custom {
			if !e.r.opts.AllowEnv {
				where := e.r.opts.Key
				if where == "" {
					where = "this file"
				}
				return value{}, e.errorf(in, CodeEnvOutsideCredentials,
					"oc.env is only available in credentials, not in %s (Kedro refuses it); to allow it, register the resolver: add \"custom_resolvers\": {\"oc.env\": oc.env} to CONFIG_LOADER_ARGS in settings.py, with from omegaconf.resolvers import oc", where)
			}
			return e.ocEnv(in, args)
		}
	}
	if custom {
		f := e.finding(in, CodeCustomResolver,
			fmt.Sprintf("custom resolver '%s' is not evaluated by kfc; the value is left as written", name))
		f.opaque = true
		return value{}, f
	}
	known := append([]string{}, builtinResolvers...)
	for k := range e.r.opts.CustomResolvers {
		known = append(known, k)
	}
	sort.Strings(known)
	if secret {
		return value{}, e.errorf(in, CodeUnknownResolver, "unknown resolver (its name comes from %s)", e.show(in))
	}
	msg := fmt.Sprintf("unknown resolver '%s'", name)
	if s := suggest(name, known); s != "" {
		msg += fmt.Sprintf(" (did you mean '%s'?)", s)
	}
	return value{}, e.errorf(in, CodeUnknownResolver, "%s", msg)
}

// arity checks the argument count of a Python resolver signature.
func (e *evaluator) arity(in *interp, name string, args []value, lo, hi int) *evalError {
	if len(args) >= lo && len(args) <= hi {
		return nil
	}
	want := "1 argument"
	if lo != hi {
		want = fmt.Sprintf("%d or %d arguments", lo, hi)
	}
	return e.errorf(in, CodeResolverArguments, "%s takes %s, got %d", name, want, len(args))
}

// keyArg is a resolver's string key argument and how to show it: a key
// built from an environment variable is shown as the interpolation as
// written, never as its value.
type keyArg struct {
	key, shown string
	secret     bool
}

// stringKey checks the argument count and returns args[0] as a key.
func (e *evaluator) stringKey(in *interp, name string, args []value, lo, hi int) (keyArg, *evalError) {
	if err := e.arity(in, name, args, lo, hi); err != nil {
		return keyArg{}, err
	}
	a := args[0]
	if a.n.Kind != tree.String {
		return keyArg{}, e.errorf(in, CodeResolverArguments, "%s needs a string key, got %s", name, article(a.n))
	}
	k := keyArg{key: a.n.Text, shown: "'" + a.n.Text + "'", secret: a.secret}
	if a.secret {
		k.shown = "given by " + e.show(in)
	}
	return k, nil
}

// lookupMessage describes a failed key lookup without revealing a secret key.
func lookupMessage(k keyArg, le *lookupErr) string {
	if k.secret {
		return "not found"
	}
	return describeLookup(le)
}

// lookupFresh selects key in a plain tree (globals, runtime params) as
// OmegaConf.select does: a leading dot means the root, two go above it.
func (e *evaluator) lookupFresh(root *tree.Node, key string) (value, *lookupErr, *evalError) {
	if root == nil {
		root = &tree.Node{Kind: tree.Map}
	}
	dots := 0
	for dots < len(key) && key[dots] == '.' {
		dots++
	}
	if dots > 1 {
		return value{}, &lookupErr{kind: lkAboveRoot, parts: []string{key}}, nil
	}
	return e.walk(cursor{n: root}, key[dots:], dots)
}

// kedroMissing is a failed globals/runtime_params lookup: a value that is
// not there (not found, under a scalar, or "???") falls back to the default.
func kedroMissing(le *lookupErr) bool {
	return le.kind == lkNotFound || le.kind == lkNotContainer || le.kind == lkMissing
}

// globals is OmegaConfigLoader._get_globals_value.
func (e *evaluator) globals(in *interp, args []value) (value, *evalError) {
	if e.r.opts.Key == "globals" {
		return value{}, e.errorf(in, CodeGlobalsInGlobals, "the globals: resolver cannot be used inside globals itself")
	}
	k, err := e.stringKey(in, "globals", args, 1, 2)
	if err != nil {
		return value{}, err
	}
	if strings.HasPrefix(k.key, "_") {
		return value{}, e.errorf(in, CodeGlobalsPrivateKey, "globals key %s starts with '_', which Kedro does not support", k.shown)
	}
	val, le, err := e.lookupFresh(e.r.opts.Globals, k.key)
	if err != nil {
		return value{}, err
	}
	if le == nil {
		return val, nil
	}
	if kedroMissing(le) && len(args) == 2 {
		return args[1], nil
	}
	msg := fmt.Sprintf("globals key %s not found and no default value provided", k.shown)
	if le.kind == lkNotFound && !k.secret {
		if s := suggest(le.parts[le.at], le.in.keys()); s != "" {
			msg += fmt.Sprintf(" (did you mean '%s'?)", strings.Join(append(append([]string{}, le.parts[:le.at]...), s), "."))
		}
	}
	return value{}, e.errorf(in, CodeGlobalsMissingKey, "%s", msg)
}

// runtimeParams is OmegaConfigLoader._get_runtime_value.
func (e *evaluator) runtimeParams(in *interp, args []value) (value, *evalError) {
	if e.r.opts.Key == "globals" {
		return value{}, e.errorf(in, CodeRuntimeParamsInGlobals, "the runtime_params: resolver is not supported in globals")
	}
	k, err := e.stringKey(in, "runtime_params", args, 1, 2)
	if err != nil {
		return value{}, err
	}
	val, le, err := e.lookupFresh(e.r.opts.RuntimeParams, k.key)
	if err != nil {
		return value{}, err
	}
	if le == nil {
		return val, nil
	}
	if kedroMissing(le) && len(args) == 2 {
		return args[1], nil
	}
	msg := fmt.Sprintf("runtime parameter %s not found and no default value provided", k.shown)
	if e.r.opts.RuntimeParams == nil {
		// Without --params this is what a run would do; the user may always pass it.
		f := e.finding(in, CodeRuntimeParamsNotGiven, msg+" (no --params given)")
		f.opaque = true
		return value{}, f
	}
	return value{}, e.errorf(in, CodeRuntimeParamsMissingKey, "%s", msg)
}
