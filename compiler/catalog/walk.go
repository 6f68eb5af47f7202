package catalog

import "github.com/kfc-dev/kfc/compiler/tree"

// CredentialsKey is the key Kedro resolves against credentials config.
const CredentialsKey = "credentials"

// CredentialRefs returns every string value under a key named
// `credentials` in cfg, at any depth through mappings: the places Kedro's
// _resolve_credentials replaces with an entry of the credentials config.
// Like Kedro it does not look inside lists.
func CredentialRefs(cfg *tree.Node) []*tree.Node {
	var out []*tree.Node
	WalkMaps(cfg, func(key string, v *tree.Node) {
		if key == CredentialsKey && v.Kind == tree.String {
			out = append(out, v)
		}
	})
	return out
}

// WalkMaps calls fn for every key and value of cfg and of the mappings
// nested in it (mappings only, as Kedro's recursive helpers walk them),
// in file order.
func WalkMaps(cfg *tree.Node, fn func(key string, v *tree.Node)) {
	if cfg == nil || cfg.Kind != tree.Map {
		return
	}
	for _, p := range cfg.Pairs {
		if p.Value == nil {
			continue
		}
		fn(p.Key, p.Value)
		WalkMaps(p.Value, fn)
	}
}

// walkStrings calls fn for every string in cfg, through mappings and
// lists (as Kedro's pattern validation and substitution do).
func walkStrings(n *tree.Node, fn func(*tree.Node)) {
	if n == nil {
		return
	}
	switch n.Kind {
	case tree.String:
		fn(n)
	case tree.Map:
		for _, p := range n.Pairs {
			walkStrings(p.Value, fn)
		}
	case tree.Seq:
		for _, it := range n.Items {
			walkStrings(it, fn)
		}
	}
}
