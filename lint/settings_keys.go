package lint

import (
	"slices"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
	"github.com/kfc-dev/kfc/schema"
)

// warnUnknownKeys reports the keys of mapping v that definition def of
// schema/settings.cue does not declare.
func warnUnknownKeys(v *tree.Node, def, where string, diags *diag.List) {
	if v == nil || v.Kind != tree.Map {
		return
	}
	known := schema.MustLoad().Keys(def)
	for _, p := range v.Pairs {
		if !slices.Contains(known, p.Key) {
			diags.Warnf(p.KeyPos, RuleSettings, "unknown key %q in %s%s", p.Key, where, didYouMean(p.Key, known))
		}
	}
}

// posOrFile is v's position, else at.
func posOrFile(v *tree.Node, at diag.Pos) diag.Pos {
	if v == nil || v.Pos.IsZero() {
		return at
	}
	return v.Pos
}
