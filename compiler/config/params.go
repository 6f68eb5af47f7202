package config

import (
	"strings"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// parseRuntimeParams reads a --params value as `kedro run --params` does:
// split on ",", drop empty items, split each on its first "=", strip the key
// (an empty key or a missing "=" is an error), then OmegaConf.from_dotlist:
// the value is YAML-typed and a dotted key `a.b` (or `a[0]`) nests. It
// returns nil when raw holds no item. Nodes are positioned in ParamsFile at
// the column of the option's text they come from.
func parseRuntimeParams(raw string, diags *diag.List) *tree.Node {
	var out *tree.Node
	off := 0
	for _, item := range strings.Split(raw, ",") {
		start := off
		off += len(item) + 1
		trimmed := strings.TrimSpace(item)
		if trimmed == "" {
			continue
		}
		itemOff := start + strings.Index(item, trimmed)
		pos := diag.Pos{File: ParamsFile, Line: 1, Col: itemOff + 1}
		eq := strings.IndexByte(trimmed, '=')
		if eq < 0 {
			diags.Reportf(pos, CodeInvalidParams, "Invalid format of `params` option: Item `%s` must contain a key and a value separated by `=`.", trimmed)
			continue
		}
		key := strings.TrimSpace(trimmed[:eq])
		if key == "" {
			diags.Reportf(pos, CodeInvalidParams, "Invalid format of `params` option: Parameter key cannot be an empty string.")
			continue
		}
		valOff := itemOff + eq + 1
		value, ok := parseParamValue(trimmed[eq+1:], valOff, diags)
		if !ok {
			continue
		}
		if out == nil {
			out = tree.NewMap(diag.Pos{File: ParamsFile, Line: 1, Col: 1})
		}
		setDotted(out, splitDottedKey(key), pos, value)
	}
	return out
}

// parseParamValue types one value as yaml.load does in from_dotlist.
func parseParamValue(text string, off int, diags *diag.List) (*tree.Node, bool) {
	pos := diag.Pos{File: ParamsFile, Line: 1, Col: off + 1}
	var sub diag.List
	n := tree.Parse(ParamsFile, []byte(text), &sub)
	for _, d := range sub.Items() { // every YAML problem is fatal: the first one says why
		msg := strings.TrimPrefix(d.Message, "invalid YAML: ")
		diags.Reportf(pos, CodeInvalidParams, "cannot read the value %q of `params` as YAML: %s", text, msg)
		return nil, false
	}
	if n == nil {
		return &tree.Node{Kind: tree.Null, At: diag.Pack(pos), Text: ""}, true
	}
	n = n.Clone() // a parsed tree shares the expansions of its aliases: shift each node once
	shiftCols(n, off)
	return n, true
}

// shiftCols moves the positions of a value parsed on its own to where it
// sits in the --params text.
func shiftCols(n *tree.Node, off int) {
	if n == nil {
		return
	}
	if p := n.Pos(); p.Line == 1 {
		p.Col += off
		n.At = diag.Pack(p)
	}
	for i := range n.Pairs {
		if p := n.Pairs[i].KeyPos(); p.Line == 1 {
			p.Col += off
			n.Pairs[i].KeyAt = diag.Pack(p)
		}
		shiftCols(n.Pairs[i].Value, off)
	}
	for _, it := range n.Items {
		shiftCols(it, off)
	}
}

// splitDottedKey splits an OmegaConf dotted key: "." separates parts
// (empty parts included, as OmegaConf keeps them) and "[x]" is a part too.
func splitDottedKey(key string) []string {
	var parts []string
	for _, seg := range strings.Split(key, ".") {
		open := strings.IndexByte(seg, '[')
		if open < 0 || !strings.HasSuffix(seg, "]") {
			parts = append(parts, seg)
			continue
		}
		parts = append(parts, seg[:open])
		parts = append(parts, strings.Split(seg[open+1:len(seg)-1], "][")...)
	}
	return parts
}

// setDotted does OmegaConf.update(cfg, key, value, merge=True): missing or
// non-mapping parents become mappings; a mapping value merges into a
// mapping already there, anything else replaces.
func setDotted(root *tree.Node, path []string, pos diag.Pos, value *tree.Node) {
	cur := root
	for _, part := range path[:len(path)-1] {
		next := cur.Get(part)
		if next == nil || next.Kind != tree.Map {
			next = tree.NewMap(pos)
			cur.Set(part, pos, next)
		}
		cur = next
	}
	last := path[len(path)-1]
	if old := cur.Get(last); old != nil && old.Kind == tree.Map && value.Kind == tree.Map {
		cur.Set(last, pos, deepMerge(shallowCopy(old), value))
		return
	}
	if p := cur.Pair(last); p != nil {
		p.Value, p.KeyAt = value, diag.Pack(pos)
		return
	}
	cur.Set(last, pos, value)
}
