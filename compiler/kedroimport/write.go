package kedroimport

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/kfc-dev/kfc/compiler/pipeline"
)

// UnnamedError lists the nodes whose function has no import path (a
// lambda, a functools.partial, a closure), which a `kedro:` node cannot
// call, and the pipelines kfc cannot name as Kedro does: nothing is
// written.
type UnnamedError struct {
	Nodes []string // "node NAME (pipeline P): why" or "pipeline P: why", sorted
}

func (e *UnnamedError) Error() string {
	return fmt.Sprintf("%d node(s) or pipeline(s) kfc cannot write; fix them (a function must be defined at module level) and run kfc import kedro again:\n  %s",
		len(e.Nodes), strings.Join(e.Nodes, "\n  "))
}

// Write renders s as a kfc pipelines file: one pipeline per registered
// pipeline, in name order. A pipeline whose nodes are exactly those of
// other, smaller pipelines is written as their sum (`__default__:
// [data_processing, data_science]`); the others list their nodes.
func Write(s *Snapshot) ([]byte, error) {
	if err := checkNamed(s); err != nil {
		return nil, err
	}
	names := sortedNames(s)
	sums := sumsOf(s, names)
	doc := &yaml.Node{Kind: yaml.MappingNode}
	for _, name := range names {
		doc.Content = append(doc.Content, scalar(name))
		if parts := sums[name]; parts != nil {
			seq := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
			for _, p := range parts {
				seq.Content = append(seq.Content, scalar(p))
			}
			doc.Content = append(doc.Content, seq)
			continue
		}
		nodes := &yaml.Node{Kind: yaml.SequenceNode}
		for _, n := range s.Pipelines[name].Nodes {
			nodes.Content = append(nodes.Content, nodeYAML(n))
		}
		doc.Content = append(doc.Content, &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{scalar("nodes"), nodes}})
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Written by `kfc import kedro` from the pipelines %s registers (Kedro %s).\n", s.Package, s.KedroVersion)
	b.WriteString("# The Python code is the source: change it, then run `kfc import kedro` again\n")
	b.WriteString("# (`kfc import kedro --check` fails when this file no longer matches it).\n")
	if len(names) == 0 {
		b.WriteString("{}\n")
		return b.Bytes(), nil
	}
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func checkNamed(s *Snapshot) error {
	seen := map[string]bool{}
	var bad []string
	for _, name := range sortedNames(s) {
		switch {
		case name != pipeline.DefaultPipeline && strings.HasPrefix(name, "_"):
			bad = append(bad, fmt.Sprintf("pipeline %q: kfc reads a name starting with _ as a private template; rename it in the pipeline registry", name))
		case !pipeline.ValidName(name):
			bad = append(bad, fmt.Sprintf("pipeline %q: kfc pipeline names use only letters, digits, hyphens, underscores and full stops; rename it in the pipeline registry", name))
		}
		for _, n := range s.Pipelines[name].Nodes {
			if n.Problem == "" || seen[n.Name] {
				continue
			}
			seen[n.Name] = true
			bad = append(bad, fmt.Sprintf("node %q (pipeline %s): its function is %s", n.Name, name, n.Problem))
		}
	}
	if len(bad) > 0 {
		sort.Strings(bad)
		return &UnnamedError{Nodes: bad}
	}
	return nil
}

func sortedNames(s *Snapshot) []string {
	names := make([]string, 0, len(s.Pipelines))
	for k := range s.Pipelines {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// nodeKey identifies a node with everything kfc writes of it, so a sum of
// pipelines reproduces a pipeline only when every node is the same.
func nodeKey(n *KedroNode) string {
	b, _ := json.Marshal([]any{n.Name, n.Namespace, n.Function(), canonical(n.Inputs), canonical(n.Outputs), n.Tags, n.Confirms})
	return string(b)
}

// sumsOf finds the pipelines that are the union of smaller ones (or of an
// equal one with a smaller name, so no two pipelines are each other's
// sum). Only pipelines written with their nodes count as parts.
func sumsOf(s *Snapshot, names []string) map[string][]string {
	keys := map[string]map[string]bool{}
	for _, name := range names {
		keys[name] = map[string]bool{}
		for _, n := range s.Pipelines[name].Nodes {
			keys[name][nodeKey(n)] = true
		}
	}
	smaller := func(q, p string) bool {
		return len(keys[q]) < len(keys[p]) || (len(keys[q]) == len(keys[p]) && q < p)
	}
	// Decide from the smallest up, so a part is known to be written with nodes.
	order := append([]string(nil), names...)
	sort.SliceStable(order, func(i, j int) bool { return smaller(order[i], order[j]) })
	sums := map[string][]string{}
	for _, p := range order {
		if len(keys[p]) == 0 {
			continue
		}
		covered := map[string]bool{}
		var parts []string
		for _, q := range order {
			if q == p || !smaller(q, p) || sums[q] != nil || len(keys[q]) == 0 || !subset(keys[q], keys[p]) {
				continue
			}
			parts = append(parts, q)
			for k := range keys[q] {
				covered[k] = true
			}
		}
		if len(parts) > 0 && len(covered) == len(keys[p]) {
			sort.Strings(parts)
			sums[p] = parts
		}
	}
	return sums
}

func subset(a, b map[string]bool) bool {
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

// nodeYAML writes one `kedro:` node.
func nodeYAML(n *KedroNode) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode}
	add := func(k string, v *yaml.Node) { m.Content = append(m.Content, scalar(k), v) }
	add("name", scalar(n.LocalName))
	if n.Namespace != "" {
		add("namespace", scalar(n.Namespace))
	}
	add("kedro", scalar(n.Function()))
	if v := bindingYAML(n.Inputs); v != nil {
		add("inputs", v)
	}
	if v := bindingYAML(n.Outputs); v != nil {
		add("outputs", v)
	}
	if len(n.Tags) > 0 {
		add("tags", flowList(n.Tags))
	}
	if len(n.Confirms) > 0 {
		add("confirms", flowList(n.Confirms))
	}
	return m
}

// bindingYAML writes Kedro's inputs or outputs in the form they came in.
func bindingYAML(raw json.RawMessage) *yaml.Node {
	switch v := canonical(raw).(type) {
	case string:
		return scalar(v)
	case []any:
		out := make([]string, len(v))
		for i, x := range v {
			out[i], _ = x.(string)
		}
		return flowList(out)
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		m := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
		for _, k := range keys {
			s, _ := v[k].(string)
			m.Content = append(m.Content, scalar(k), scalar(s))
		}
		return m
	}
	return nil
}

func canonical(raw json.RawMessage) any {
	var v any
	if len(raw) > 0 {
		_ = json.Unmarshal(raw, &v)
	}
	return v
}

func flowList(items []string) *yaml.Node {
	seq := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, s := range items {
		seq.Content = append(seq.Content, scalar(s))
	}
	return seq
}

// scalar is a string; yaml.v3 quotes it when plain text would read as
// something else (params:x stays plain, "null" or "1" get quotes).
func scalar(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}
