package interp

import (
	"sort"
	"strings"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// Building the output is OmegaConf's to_container(resolve=True): every
// string is replaced by its resolved value, and a mapping or list reached
// through an interpolation is copied with its own interpolations resolved
// in its own place. Values kfc cannot compute stay as written.

// copyStep is one "holder copies target" link on the way down, to name
// the members of a copy cycle.
type copyStep struct {
	holder, target *vnode
}

// copyNode copies v into the output at pos, resolving what it holds.
func (r *resolver) copyNode(v *vnode, pos diag.PackedPos) *tree.Node {
	n := v.n
	if v.plain && pos == n.At && !v.synthetic && len(r.copies) == 0 {
		// Nothing to resolve below and nothing moves: share the subtree
		// (trees are read-only once loaded).
		return n
	}
	if len(r.copies) > 0 {
		r.chargeCopies(1) // the first copy of the config itself is free; copies through references are not
	}
	if isInterpolation(n) {
		return r.copyHolder(v, pos)
	}
	if !isContainer(n) {
		c := *n
		c.At = pos
		return &c
	}
	if !r.enter() {
		return &tree.Node{Kind: tree.Null, At: pos}
	}
	defer r.leave()
	out := &tree.Node{Kind: n.Kind, At: pos, Text: n.Text, Quoted: n.Quoted}
	v.copying = true
	if n.Kind == tree.Map {
		kids := v.children()
		out.Pairs = make([]tree.Pair, len(kids))
		for i := range kids {
			k := &kids[i]
			out.Pairs[i] = tree.Pair{Key: n.Pairs[i].Key, KeyAt: n.Pairs[i].KeyAt, Value: r.copyNode(k, k.n.At)}
		}
	} else {
		kids := v.children()
		out.Items = make([]*tree.Node, len(kids))
		for i := range kids {
			k := &kids[i]
			out.Items[i] = r.copyNode(k, k.n.At)
		}
	}
	v.copying = false
	return out
}

// copyHolder copies the resolved value of the interpolation string v.
func (r *resolver) copyHolder(v *vnode, pos diag.PackedPos) *tree.Node {
	asWritten := func() *tree.Node {
		c := *v.n
		c.At = pos
		return &c
	}
	if r.exhausted {
		return asWritten()
	}
	val, err := r.resolveString(v)
	if err != nil || (val.ref != nil && isInterpolation(val.ref.n)) {
		// A resolved value is never an unresolved string; refuse to loop on one.
		return asWritten()
	}
	if val.ref != nil && isContainer(val.ref.n) {
		if val.ref.copying {
			r.copyCycle(v, val.ref)
			return asWritten()
		}
		r.copies = append(r.copies, copyStep{holder: v, target: val.ref})
		out := r.copyNode(val.ref, pos)
		r.copies = r.copies[:len(r.copies)-1]
		if len(r.copies) == 0 {
			// At the outermost reference, where the expansion starts.
			r.sayLimit(v, strings.Index(v.n.Text, "${"))
		}
		return out
	}
	if val.ref == nil && val.owned && v.val.owned {
		// The string was built for v: its first copy goes in as it is (what
		// copyFresh would make of it, without the copy); later ones copy it.
		v.val.owned = false
		r.chargeCopies(1)
		val.n.At = pos
		return val.n
	}
	if out := r.materialize(val, pos); out != nil {
		return out
	}
	return asWritten()
}

// materialize turns a value into an output node at pos. It returns nil
// when the value is a mapping being copied right now (it would contain
// itself); the caller reports that.
func (r *resolver) materialize(val value, pos diag.PackedPos) *tree.Node {
	if val.ref != nil {
		if val.ref.copying {
			return nil
		}
		return r.copyNode(val.ref, pos)
	}
	return r.copyFresh(val.n, pos)
}

func (r *resolver) copyFresh(n *tree.Node, pos diag.PackedPos) *tree.Node {
	r.chargeCopies(1)
	if n.Pairs != nil || n.Items != nil {
		if !r.enter() {
			return &tree.Node{Kind: tree.Null, At: pos}
		}
		defer r.leave()
	}
	c := *n
	c.At = pos
	if n.Pairs != nil {
		c.Pairs = make([]tree.Pair, len(n.Pairs))
		for i, p := range n.Pairs {
			c.Pairs[i] = tree.Pair{Key: p.Key, KeyAt: pos, Value: r.copyFresh(p.Value, pos)}
		}
	}
	if n.Items != nil {
		c.Items = make([]*tree.Node, len(n.Items))
		for i, it := range n.Items {
			c.Items[i] = r.copyFresh(it, pos)
		}
	}
	return &c
}

// enter opens a mapping or list of the output; false (and resolution
// stops) when references nest it deeper than the loader's own bound on
// input, tree.MaxDepth: a chain of a few hundred short references
// would otherwise print megabytes of indentation.
func (r *resolver) enter() bool {
	if r.depth >= tree.MaxDepth {
		r.exhausted, r.tooDeep = true, true
		return false
	}
	r.depth++
	return true
}

func (r *resolver) leave() { r.depth-- }

// copyCycle reports that holder's value is a container that is being
// copied already, so the copy would never end. The cycle is named from
// the first link that entered target, and reported once.
func (r *resolver) copyCycle(holder, target *vnode) {
	steps := append(append([]copyStep{}, r.copies...), copyStep{holder: holder, target: target})
	start := len(steps) - 1
	for i, s := range steps {
		if target.contains(s.holder) {
			start = i
			break
		}
	}
	steps = steps[start:]
	var names, members []string
	for _, s := range steps {
		names = append(names, displayPath(s.holder), displayPath(s.target))
		members = append(members, displayPath(s.holder))
	}
	sort.Strings(members)
	id := strings.Join(members, "\x00")
	if r.reported[id] {
		return
	}
	r.reported[id] = true
	first := steps[0].holder
	msg := "interpolation cycle: " + strings.Join(names, " -> ")
	if len(steps) == 1 {
		msg = "interpolation cycle: '" + displayPath(first) + "' refers to '" + displayPath(target) + "', which contains it"
	}
	r.report(first, strings.Index(first.n.Text, "${"), CodeCycle, msg)
}
