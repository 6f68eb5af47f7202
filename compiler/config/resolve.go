package config

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// resolveOptions mirror interp.Options: what one resolution pass may use.
type resolveOptions struct {
	Key             string     // config key being resolved ("globals" refuses runtime_params)
	Globals         *tree.Node // merged, resolved globals (nil while resolving globals)
	RuntimeParams   *tree.Node // parsed --params
	AllowEnv        bool       // oc.env is usable (credentials, or a custom oc.env)
	Getenv          func(string) (string, bool)
	CustomResolvers map[string]bool
}

// resolve applies OmegaConf interpolation to one environment's merged
// config of one key. It is the single seam to package interp.
var resolve = func(root *tree.Node, opts resolveOptions, diags *diag.List) *tree.Node {
	// interp is not in the tree yet: configs stay unresolved until it lands.
	return root
}
