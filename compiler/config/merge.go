package config

import (
	"slices"
	"strings"

	"github.com/kfc-dev/kfc/compiler/tree"
)

// deepMerge merges src into dst as OmegaConf.unsafe_merge does and returns
// the result. Mappings merge key by key, keeping dst's order and appending
// new keys in src's order; any other value replaces (lists are not
// concatenated); OmegaConf's "???" (missing) does not replace a value.
// Replaced values keep the position where the winning value was written.
//
// Merging is copy-on-write: the top-level dst mapping must be owned by the
// caller (it is changed in place), but nested values of dst and all of src
// are only read. Subtrees are shared with the inputs, and a nested mapping
// is copied (shallowly) only when a merge has to change it, so parsed files
// are never modified and a 5,000-entry catalog is not deep-copied.
func deepMerge(dst, src *tree.Node) *tree.Node {
	var idx keyIndex
	return mergeIndexed(dst, src, &idx)
}

// mergeIndexed is deepMerge keeping dst's key index in *idx, so that
// merging file after file into one top level indexes it once (rebuilt for
// each file, it made merging k catalog files O(k·n)). *idx must be nil or
// the index of dst; it is nil again when the result is not dst.
func mergeIndexed(dst, src *tree.Node, idx *keyIndex) *tree.Node {
	if src == nil {
		return dst
	}
	if dst == nil || dst.Kind != tree.Map || src.Kind != tree.Map {
		*idx = nil
		return src
	}
	if *idx == nil {
		*idx = pairIndex(dst, len(src.Pairs))
	}
	return mergePairs(dst, src, *idx)
}

// mergePairs merges the pairs of src into dst, whose index is idx (nil: scan).
func mergePairs(dst, src *tree.Node, idx keyIndex) *tree.Node {
	for _, sp := range src.Pairs {
		i, ok := idx.lookup(dst, sp.Key)
		if !ok {
			dst.Pairs = append(dst.Pairs, sp)
			idx.add(sp.Key, len(dst.Pairs)-1)
			continue
		}
		dp := &dst.Pairs[i]
		switch {
		case isMissingValue(sp.Value):
			// "???" never overrides a set value
		case dp.Value != nil && dp.Value.Kind == tree.Map && sp.Value != nil && sp.Value.Kind == tree.Map:
			dp.Value = deepMerge(shallowCopy(dp.Value), sp.Value)
		default:
			dp.Value, dp.KeyAt = sp.Value, sp.KeyAt
		}
	}
	return dst
}

// updateTop is Python's dict.update on the top-level keys: Kedro's
// destructive merge of the run env over base. Replaced keys stay where they
// were; new keys are appended. dst's top level must be owned by the caller;
// values are shared, not copied.
func updateTop(dst, src *tree.Node) *tree.Node {
	if src == nil {
		return dst
	}
	if dst == nil || dst.Kind != tree.Map || src.Kind != tree.Map {
		return src
	}
	idx := pairIndex(dst, len(src.Pairs))
	for _, sp := range src.Pairs {
		if i, ok := idx.lookup(dst, sp.Key); ok {
			dst.Pairs[i] = sp
			continue
		}
		dst.Pairs = append(dst.Pairs, sp)
		idx.add(sp.Key, len(dst.Pairs)-1)
	}
	return dst
}

// shallowCopy copies a node and its own list of pairs or items, sharing
// the children.
func shallowCopy(n *tree.Node) *tree.Node {
	if n == nil {
		return nil
	}
	c := *n
	if n.Pairs != nil {
		c.Pairs = append(make([]tree.Pair, 0, len(n.Pairs)), n.Pairs...)
	}
	if n.Items != nil {
		c.Items = append(make([]*tree.Node, 0, len(n.Items)), n.Items...)
	}
	return &c
}

// dropTemplates removes top-level keys starting with "_", as Kedro does
// after resolving every config key but parameters.
func dropTemplates(n *tree.Node) *tree.Node {
	if n == nil || n.Kind != tree.Map || len(n.Pairs) == 0 {
		return n
	}
	first := slices.IndexFunc(n.Pairs, func(p tree.Pair) bool { return strings.HasPrefix(p.Key, "_") })
	if first < 0 {
		return n // nothing to drop: no copy of a large catalog's top level
	}
	kept := make([]tree.Pair, first, len(n.Pairs)-1) // sized once: it is the run's catalog
	copy(kept, n.Pairs[:first])
	for _, p := range n.Pairs[first+1:] {
		if !strings.HasPrefix(p.Key, "_") {
			kept = append(kept, p)
		}
	}
	n.Pairs = kept
	return n
}

func isMissingValue(n *tree.Node) bool {
	return n != nil && n.Kind == tree.String && n.Text == "???"
}

// keyIndex speeds up key lookups in big mappings (a 5,000-entry catalog
// merged key by key would otherwise be quadratic); small ones are scanned.
type keyIndex map[string]int

const indexThreshold = 16

// pairIndex indexes n when it has, or may grow to, many keys (incoming is
// how many keys are about to be merged in).
func pairIndex(n *tree.Node, incoming int) keyIndex {
	if len(n.Pairs)+incoming < indexThreshold {
		return nil
	}
	idx := make(keyIndex, len(n.Pairs))
	for i, p := range n.Pairs {
		if _, dup := idx[p.Key]; !dup {
			idx[p.Key] = i
		}
	}
	return idx
}

func (idx keyIndex) lookup(n *tree.Node, key string) (int, bool) {
	if idx != nil {
		i, ok := idx[key]
		return i, ok
	}
	for i := range n.Pairs {
		if n.Pairs[i].Key == key {
			return i, true
		}
	}
	return 0, false
}

func (idx keyIndex) add(key string, i int) {
	if idx != nil {
		idx[key] = i
	}
}
