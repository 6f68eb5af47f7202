// Package interp resolves OmegaConf interpolations (${...}) in one config
// tree exactly as Kedro's OmegaConfigLoader sees them: the grammar of
// OmegaConf 2.3 (lexer modes, escapes, nested interpolations, resolver
// arguments), node interpolation with absolute, relative and list-index
// keys, OmegaConf's built-in resolvers and Kedro's globals: and
// runtime_params:. Every problem becomes a positioned diagnostic; custom
// Python resolvers are left as written.
//
// Resolution is lazy and memoised per node, as OmegaConf's to_container
// does it: a reference is resolved where it is written (relative keys
// relative to that place), cycles are found through an explicit stack, and
// a work budget stops hostile input with a finding instead of a hang.
package interp

import (
	"os"
	"strings"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// The problems Resolve reports; lint/interp_rules.go gives each its rule.
const (
	CodeSyntax                  diag.Code = "interp.Syntax"
	CodeMissingKey              diag.Code = "interp.MissingKey"
	CodeCycle                   diag.Code = "interp.Cycle"
	CodeKeyType                 diag.Code = "interp.KeyType"
	CodeLimit                   diag.Code = "interp.Limit"
	CodeResolverArguments       diag.Code = "interp.ResolverArguments"
	CodeUnknownResolver         diag.Code = "interp.UnknownResolver"
	CodeCustomResolver          diag.Code = "interp.CustomResolver"
	CodeEnvOutsideCredentials   diag.Code = "interp.EnvOutsideCredentials"
	CodeEnvUnset                diag.Code = "interp.EnvUnset"
	CodeGlobalsMissingKey       diag.Code = "interp.GlobalsMissingKey"
	CodeGlobalsPrivateKey       diag.Code = "interp.GlobalsPrivateKey"
	CodeGlobalsInGlobals        diag.Code = "interp.GlobalsInGlobals"
	CodeRuntimeParamsInGlobals  diag.Code = "interp.RuntimeParamsInGlobals"
	CodeRuntimeParamsMissingKey diag.Code = "interp.RuntimeParamsMissingKey"
	// CodeRuntimeParamsNotGiven: a ${runtime_params:key} without a default
	// when no --params are given at all (a run may still pass it).
	CodeRuntimeParamsNotGiven diag.Code = "interp.RuntimeParamsNotGiven"
)

// Options say which config is being resolved and what it may use.
type Options struct {
	Key             string                      // "catalog","parameters","credentials","globals","mlflow","pipelines"
	Globals         *tree.Node                  // merged globals config, for ${globals:key,default}; nil = none
	RuntimeParams   *tree.Node                  // --params as a tree, for ${runtime_params:key,default}; nil = none
	AllowEnv        bool                        // ${oc.env:VAR[,default]} permitted (Kedro: credentials only)
	Getenv          func(string) (string, bool) // nil = os.LookupEnv
	CustomResolvers map[string]bool             // registered in Python: uses are reported "not evaluated by kfc" (info), left as written, never crash
}

// Limits on hostile input. Real configurations stay far below them. The
// work and copy budgets grow with the input: a configuration may spend a
// fixed floor or, if more, a multiple of its own size (and its globals' size,
// since every entry may copy a globals value), so a valid project never
// fails because it is large, while an exponential reference or alias bomb,
// whose expansion outgrows any multiple of its size, still stops after a
// bounded amount of work: the floor for a small file, a few passes over
// the input for a large one.
const (
	maxChain      = 500        // interpolations resolving through one another
	minWork       = 16_000_000 // bytes of strings built or parsed, plus interpolations evaluated
	workPerUnit   = 8          // ... or this much per unit of size (see size), if more
	minCopies     = 500_000    // nodes copied through references (and made by resolvers)
	copiesPerUnit = 2          // ... or this many per unit of size, if more
)

// limits returns the work and copy budgets for a config of the given size
// (in units: nodes plus bytes of keys and scalar text).
func limits(units int) (work, copies int) {
	return max(minWork, workPerUnit*units), max(minCopies, copiesPerUnit*units)
}

// Resolve returns a resolved deep copy of root (nil stays nil). Findings go
// to diags positioned at the scalar holding the interpolation (at the `${`
// for plain one-line scalars).
func Resolve(root *tree.Node, opts Options, diags *diag.List) *tree.Node {
	out, _ := resolve(root, opts, diags)
	return out
}

// resolve is Resolve that also returns the resolver, whose budgets the
// tests read.
func resolve(root *tree.Node, opts Options, diags *diag.List) (*tree.Node, *resolver) {
	if root == nil {
		return nil, nil
	}
	if opts.Getenv == nil {
		opts.Getenv = os.LookupEnv
	}
	if diags == nil {
		diags = &diag.List{}
	}
	r := &resolver{opts: opts, diags: diags, reported: map[string]bool{}, parsed: map[string]*text{}, seen: map[string]bool{}, interps: map[string]*interp{}}
	units := 0
	if opts.Globals != nil {
		units = size(opts.Globals)
	}
	r.root = build(root, nil, 0, &units)
	r.maxWork, r.maxCopies = limits(units)
	out := r.copyNode(r.root, root.At)
	r.sayLimit(r.root, -1)
	return out, r
}

// Has reports whether s contains an unescaped interpolation: a "${" not
// preceded by an odd run of backslashes (OmegaConf's ESC_INTER token).
func Has(s string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], "${")
		if j < 0 {
			return false
		}
		j += i
		b := 0
		for b < j && s[j-1-b] == '\\' {
			b++
		}
		if b%2 == 0 {
			return true
		}
		i = j + 2
	}
}

// isInterpolation is OmegaConf's test for a value to resolve: a string
// containing "${", escaped or not (escapes must be processed too).
func isInterpolation(n *tree.Node) bool {
	return n != nil && n.Kind == tree.String && strings.Contains(n.Text, "${")
}
