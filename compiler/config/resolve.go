package config

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/interp"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// interpWired tells tests whether interpolation is resolved.
const interpWired = true

// resolveOptions say what one resolution pass may use (see interp.Options).
type resolveOptions struct {
	Key             string     // config key; "globals" refuses runtime_params
	Globals         *tree.Node // merged, resolved globals (nil while resolving globals)
	RuntimeParams   *tree.Node // parsed --params
	AllowEnv        bool       // oc.env is usable: credentials, or oc.env registered as a custom resolver
	Getenv          func(string) (string, bool)
	CustomResolvers map[string]bool
}

// resolve applies OmegaConf interpolation to one environment's merged
// config of one key (or, for credentials, to one file) and returns a
// resolved copy: the single seam to package interp.
func resolve(root *tree.Node, o resolveOptions, diags *diag.List) *tree.Node {
	return interp.Resolve(root, interp.Options{
		Key:             o.Key,
		Globals:         o.Globals,
		RuntimeParams:   o.RuntimeParams,
		AllowEnv:        o.AllowEnv,
		Getenv:          o.Getenv,
		CustomResolvers: o.CustomResolvers,
	}, diags)
}
