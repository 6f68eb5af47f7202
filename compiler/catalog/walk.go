package catalog

import (
	"strings"

	"github.com/kfc-dev/kfc/compiler/tree"
)

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

// segment is a piece of a string: plain text, or an OmegaConf
// interpolation `${...}` that the loader could not resolve.
type segment struct {
	text   string
	interp bool
}

// splitInterpolations cuts s around leftover `${...}` spans (balanced
// braces). After a successful load none remain: Kedro's own checks and
// substitution see the resolved text, so kfc leaves these spans alone
// instead of reading their braces as placeholders (the loader has already
// reported why they are unresolved).
func splitInterpolations(s string) []segment {
	var out []segment
	start := 0
	for i := 0; i+1 < len(s); i++ {
		if s[i] != '$' || s[i+1] != '{' {
			continue
		}
		depth, j := 0, i+1
		for ; j < len(s); j++ {
			if s[j] == '{' {
				depth++
			} else if s[j] == '}' {
				depth--
				if depth == 0 {
					break
				}
			}
		}
		if j >= len(s) {
			break // unbalanced: plain text
		}
		if i > start {
			out = append(out, segment{text: s[start:i]})
		}
		out = append(out, segment{text: s[i : j+1], interp: true})
		start = j + 1
		i = j
	}
	if start < len(s) {
		out = append(out, segment{text: s[start:]})
	}
	return out
}

// plainText is s without leftover interpolations.
func plainText(s string) string {
	var b strings.Builder
	for _, seg := range splitInterpolations(s) {
		if !seg.interp {
			b.WriteString(seg.text)
		}
	}
	return b.String()
}

// formatOutside applies format_map to the plain parts of s, leaving
// leftover interpolations as they are.
func formatOutside(s string, named map[string]value) (string, error) {
	if !strings.Contains(s, "${") {
		return formatMap(s, named)
	}
	var b strings.Builder
	for _, seg := range splitInterpolations(s) {
		if seg.interp || !strings.Contains(seg.text, "}") {
			b.WriteString(seg.text)
			continue
		}
		out, err := formatMap(seg.text, named)
		if err != nil {
			return "", err
		}
		b.WriteString(out)
	}
	return b.String(), nil
}
