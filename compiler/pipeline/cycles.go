package pipeline

import (
	"fmt"
	"sort"
	"strings"
)

// Cycles returns one dependency cycle per strongly connected group of
// nodes, each the shortest loop through the group's smallest-named node,
// starting and ending there (a, b, a). Groups are ordered by that name.
// Everything is iterative: a cycle of any length costs linear time.
func (p *Pipeline) Cycles() [][]*Node {
	if len(p.cyclic) == 0 {
		return nil
	}
	in := make(map[*Node]bool, len(p.cyclic))
	for _, n := range p.cyclic {
		in[n] = true
	}
	children := make(map[*Node][]*Node, len(p.cyclic))
	for _, n := range p.cyclic { // p.cyclic is sorted by name, so children are too
		for _, par := range p.parents[n] {
			if in[par] {
				children[par] = append(children[par], n)
			}
		}
	}
	var out [][]*Node
	for _, group := range components(p.cyclic, children, p.parents, in) {
		if len(group) < 2 {
			continue // behind a cycle, not on one
		}
		out = append(out, shortestLoop(group, children))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i][0].Name < out[j][0].Name })
	return out
}

// components is Kosaraju's algorithm with explicit stacks: finish order
// over children, then groups over parents in reverse finish order.
func components(nodes []*Node, children, parents map[*Node][]*Node, in map[*Node]bool) [][]*Node {
	type frame struct {
		n    *Node
		next int
	}
	visited := make(map[*Node]bool, len(nodes))
	finished := make([]*Node, 0, len(nodes))
	for _, root := range nodes {
		if visited[root] {
			continue
		}
		visited[root] = true
		stack := []frame{{n: root}}
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.next < len(children[top.n]) {
				c := children[top.n][top.next]
				top.next++
				if !visited[c] {
					visited[c] = true
					stack = append(stack, frame{n: c})
				}
				continue
			}
			finished = append(finished, top.n)
			stack = stack[:len(stack)-1]
		}
	}
	assigned := make(map[*Node]bool, len(nodes))
	var groups [][]*Node
	for i := len(finished) - 1; i >= 0; i-- {
		root := finished[i]
		if assigned[root] {
			continue
		}
		assigned[root] = true
		group := []*Node{root}
		for todo := []*Node{root}; len(todo) > 0; {
			n := todo[len(todo)-1]
			todo = todo[:len(todo)-1]
			for _, par := range parents[n] {
				if in[par] && !assigned[par] {
					assigned[par] = true
					group = append(group, par)
					todo = append(todo, par)
				}
			}
		}
		groups = append(groups, group)
	}
	return groups
}

// shortestLoop finds, by breadth-first search inside one strongly
// connected group, the shortest path from its smallest-named node back to
// itself; children are visited by name, so the result is deterministic.
func shortestLoop(group []*Node, children map[*Node][]*Node) []*Node {
	member := make(map[*Node]bool, len(group))
	start := group[0]
	for _, n := range group {
		member[n] = true
		if n.Name < start.Name {
			start = n
		}
	}
	prev := map[*Node]*Node{start: nil}
	queue := []*Node{start}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, c := range children[n] {
			if !member[c] {
				continue
			}
			if c == start {
				var path []*Node
				for x := n; x != nil; x = prev[x] {
					path = append(path, x)
				}
				for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
					path[i], path[j] = path[j], path[i]
				}
				return append(path, start)
			}
			if _, seen := prev[c]; !seen {
				prev[c] = n
				queue = append(queue, c)
			}
		}
	}
	return []*Node{start, start} // unreachable for a real group
}

// maxCyclePath is how many nodes of a long cycle a message spells out.
const maxCyclePath = 12

// FormatCycle renders a cycle as `a -> b -> a`, eliding the middle of
// very long ones.
func FormatCycle(cycle []*Node) string {
	names := make([]string, len(cycle))
	for i, n := range cycle {
		names[i] = displayName(n)
	}
	if len(names) > maxCyclePath {
		head, tail := names[:maxCyclePath/2], names[len(names)-maxCyclePath/2:]
		names = append(append(append([]string(nil), head...), fmt.Sprintf("... %d more ...", len(cycle)-maxCyclePath)), tail...)
	}
	return strings.Join(names, " -> ")
}

// displayName is a node's name, or where it was written when it has none.
func displayName(n *Node) string {
	if n.Name == "" {
		return "(unnamed node at " + n.Pos.String() + ")"
	}
	return n.Name
}
