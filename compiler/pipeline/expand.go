package pipeline

import (
	"sort"
	"strings"

	"github.com/kfc-dev/kfc/compiler/diag"
)

// checkReferences reports `from:` and list names that are not defined, and
// pipelines that include themselves, once per registry, and marks every
// definition that depends on such a reference as broken.
func (r *Registry) checkReferences(diags *diag.List) {
	names := make([]string, 0, len(r.defs))
	for name := range r.defs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		for _, ref := range r.defs[name].From {
			if r.defs[ref.Name] == nil {
				diags.Reportf(ref.Pos, CodeUnknown, "no pipeline named %q%s", ref.Name, didYouMean(ref.Name, r.keys))
				r.broken[name] = true
			}
		}
	}
	// Depth-first search over definitions with an explicit stack: each
	// back edge closes a loop, reported at the reference that closes it.
	const (
		unvisited = iota
		active
		done
	)
	state := map[string]int{}
	type frame struct {
		name string
		next int
	}
	for _, root := range names {
		if state[root] != unvisited {
			continue
		}
		stack := []frame{{name: root}}
		state[root] = active
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			refs := r.defs[top.name].From
			if top.next >= len(refs) {
				state[top.name] = done
				stack = stack[:len(stack)-1]
				continue
			}
			ref := refs[top.next]
			top.next++
			if r.defs[ref.Name] == nil {
				continue
			}
			switch state[ref.Name] {
			case active:
				var path []string
				for i := len(stack) - 1; i >= 0; i-- {
					path = append(path, stack[i].name)
					if stack[i].name == ref.Name {
						break
					}
				}
				for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
					path[i], path[j] = path[j], path[i]
				}
				path = append(path, ref.Name)
				diags.Reportf(ref.Pos, CodeRecursive, "pipeline %q includes itself: %s", ref.Name, strings.Join(path, " -> "))
				for _, n := range path {
					r.broken[n] = true
				}
			case unvisited:
				state[ref.Name] = active
				stack = append(stack, frame{name: ref.Name})
			}
		}
	}
	// A definition that includes a broken one is broken too.
	for changed := true; changed; {
		changed = false
		for _, name := range names {
			if r.broken[name] {
				continue
			}
			for _, ref := range r.defs[name].From {
				if r.broken[ref.Name] {
					r.broken[name] = true
					changed = true
					break
				}
			}
		}
	}
}

// Expand flattens the pipeline called name: `from:` and lists summed,
// wrappers' namespace and remaps applied by Kedro's modular-pipeline rules.
// It returns nil for an unknown or private name (reported, with a
// suggestion) and for a definition Parse found broken (already reported). Remap problems are
// reported and the remap is applied as written, so later checks still run.
func (r *Registry) Expand(name string, diags *diag.List) *Pipeline {
	return r.ExpandEach([]string{name}, diags)[0]
}

// ExpandEach is Expand of every name, answers in the same order (nil where
// Expand's is nil), with one memo for all of them: a pipeline included by
// several (every stage in __default__) is flattened once, so its nodes are
// shared by the pipelines that include it, and a remap problem in it is
// reported once (Expand per name reported it once per name; diag.List's
// Items drops the exact duplicates, so the findings are the same).
func (r *Registry) ExpandEach(names []string, diags *diag.List) []*Pipeline {
	out := make([]*Pipeline, len(names))
	var e *expander
	for i, name := range names {
		if !r.expandable(name, diags) {
			continue
		}
		if e == nil {
			e = &expander{reg: r, diags: diags, memo: map[string][]*Node{}}
		}
		out[i] = newPipeline(name, e.expand(r.defs[name]))
	}
	return out
}

// expandable reports whether name can be expanded, reporting why not.
func (r *Registry) expandable(name string, diags *diag.List) bool {
	if r == nil || r.defs[name] == nil {
		var names []string
		if r != nil {
			names = r.Names()
		}
		msg := "no pipeline named %q%s"
		if name == DefaultPipeline {
			msg = "no pipeline named %q%s: define one, e.g. __default__: [data_processing, data_science]"
		}
		diags.Reportf(diag.Pos{}, CodeUnknown, msg, name, didYouMean(name, names))
		return false
	}
	if isPrivate(name) {
		diags.Reportf(diag.Pos{}, CodeUnknown, "pipeline %q is a private template (its name starts with _): run a pipeline that reuses it", name)
		return false
	}
	return !r.broken[name]
}

// expander memoises definitions within one Expand (or ExpandEach) call, so
// a pipeline included many times is flattened once.
type expander struct {
	reg   *Registry
	diags *diag.List
	memo  map[string][]*Node
}

// expand returns a definition's nodes, fully renamed. Recursion depth is
// bounded by the nesting of definitions (never by the number of nodes), and
// Parse has already excluded loops.
func (e *expander) expand(def *Definition) []*Node {
	if nodes, ok := e.memo[def.Name]; ok {
		return nodes
	}
	var inner []*Node
	var source string
	if def.HasNodes {
		inner = def.Nodes
		source = "the nodes of " + quote(def.Name)
	} else {
		parts := make([][]*Node, 0, len(def.From))
		names := make([]string, 0, len(def.From))
		for _, ref := range def.From {
			parts = append(parts, e.expand(e.reg.defs[ref.Name]))
			names = append(names, ref.Name)
		}
		inner = sum(parts)
		source = strings.Join(names, " + ")
		if len(names) == 0 {
			source = "an empty pipeline"
		}
	}
	if len(def.Tags) > 0 {
		tagged := make([]*Node, len(inner))
		for i, n := range inner {
			c := n.clone()
			c.Tags = sortedUnique(append(c.Tags, def.Tags...))
			tagged[i] = c
		}
		inner = tagged
	}
	if def.Namespace != "" || def.Inputs != nil || def.Outputs != nil || def.Params != nil {
		inner = e.remap(def, source, inner)
	}
	e.memo[def.Name] = inner
	return inner
}

// sum joins pipelines as Kedro's `+` does: a node equal to one already
// taken (same name, inputs and outputs) is dropped, the first copy wins.
func sum(parts [][]*Node) []*Node {
	if len(parts) == 1 {
		return parts[0]
	}
	total := 0
	for _, part := range parts {
		total += len(part)
	}
	out := make([]*Node, 0, total)
	// The identity includes the name, so only nodes sharing a name can be
	// equal: the identity is built for those alone (names are almost
	// always unique, and building it is the dear part of a sum).
	byName := make(map[string][]*Node, total)
	for _, part := range parts {
	next:
		for _, n := range part {
			taken := byName[n.Name]
			for _, t := range taken {
				if t == n || identity(t) == identity(n) {
					continue next
				}
			}
			byName[n.Name] = append(taken, n)
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		return nil // as before: an empty sum is nil
	}
	return out
}

// identity is Kedro's Node._unique_key: name, inputs and outputs, with the
// mapping forms compared regardless of order.
func identity(n *Node) string {
	var b strings.Builder
	b.WriteString(n.Name)
	for _, list := range [][]Binding{append(append([]Binding(nil), n.Inputs...), n.Params...), n.Outputs} {
		keys := make([]string, len(list))
		for i, x := range list {
			keys[i] = x.Key + "=" + x.Dataset
		}
		sort.Strings(keys)
		b.WriteString("\x00")
		b.WriteString(strings.Join(keys, "\x01"))
	}
	return b.String()
}

// ExpandSum is Kedro's `--pipelines a,b`: the sum of the named pipelines,
// a node that two of them share taken once, the result named "a,b". One
// name is Expand. It returns nil when a name cannot be expanded (reported)
// or when two pipelines have different nodes of one name, which Kedro's
// sum refuses ("Pipeline nodes must have unique names").
func (r *Registry) ExpandSum(names []string, diags *diag.List) *Pipeline {
	if len(names) == 1 {
		return r.Expand(names[0], diags)
	}
	parts := make([][]*Node, 0, len(names))
	for _, name := range names {
		p := r.Expand(name, diags)
		if p == nil {
			return nil
		}
		parts = append(parts, p.defined)
	}
	nodes := sum(parts)
	seen := map[string]bool{}
	for _, n := range nodes {
		if seen[n.Name] {
			diags.Reportf(diag.Pos{}, CodeUnknown, "pipelines %s have different nodes named %q: Kedro cannot sum them (Pipeline nodes must have unique names)", strings.Join(names, ", "), n.Name)
			return nil
		}
		seen[n.Name] = true
	}
	return newPipeline(strings.Join(names, ","), nodes)
}
