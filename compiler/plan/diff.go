package plan

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"
)

// Change is one field that differs between two plans. Old or New is
// absent (nil) when the field exists on one side only.
type Change struct {
	Field string   `json:"field"` // command, parameter params:a.b, path, config.load_args, ...
	New   RawValue `json:"new,omitempty"`
	Old   RawValue `json:"old,omitempty"`
}

// ItemDiff is a node or dataset present in both plans that changed.
type ItemDiff struct {
	Changes []Change `json:"changes"`
	ID      string   `json:"id"`
	// Invalidates lists the ids of the new plan's nodes that must run
	// again because of this change (downstream nodes; for a dataset, its
	// consumers and everything downstream of them).
	Invalidates []string `json:"invalidates"`
}

// SetDiff is what differs in one kind of item.
type SetDiff struct {
	Added   []string   `json:"added"`
	Changed []ItemDiff `json:"changed"`
	Removed []string   `json:"removed"`
}

// Diff is the difference between two plans.
type Diff struct {
	Datasets SetDiff `json:"datasets"`
	// Invalidated is every node of the new plan whose result may differ:
	// added or changed nodes and everything downstream of them. Sorted.
	Invalidated []string `json:"invalidated"`
	Nodes       SetDiff  `json:"nodes"`
	Plan        []Change `json:"plan"` // plan-level fields: env, pipeline, selectors, parameters
}

// Empty reports whether the plans are the same.
func (d *Diff) Empty() bool {
	return len(d.Plan) == 0 && d.Nodes.empty() && d.Datasets.empty()
}

func (s SetDiff) empty() bool { return len(s.Added)+len(s.Removed)+len(s.Changed) == 0 }

// Compare computes what changed from old to new.
func Compare(old, new *Plan) *Diff {
	d := &Diff{}
	down := newDownstream(new)

	// Nodes.
	oldNodes := map[string]*Node{}
	for _, n := range old.Nodes {
		oldNodes[n.ID] = n
	}
	newNodes := map[string]*Node{}
	for _, n := range new.Nodes {
		newNodes[n.ID] = n
	}
	var rerun []string
	for _, n := range new.Nodes {
		o := oldNodes[n.ID]
		if o == nil {
			d.Nodes.Added = append(d.Nodes.Added, n.ID)
			rerun = append(rerun, n.ID)
			continue
		}
		changes := nodeChanges(o, n, old, new)
		if len(changes) == 0 {
			continue
		}
		item := ItemDiff{ID: n.ID, Changes: changes, Invalidates: []string{}}
		if o.Hash != n.Hash {
			item.Invalidates = down.of([]string{n.ID}, false)
			rerun = append(rerun, n.ID)
		}
		d.Nodes.Changed = append(d.Nodes.Changed, item)
	}
	for _, o := range old.Nodes {
		if newNodes[o.ID] == nil {
			d.Nodes.Removed = append(d.Nodes.Removed, o.ID)
		}
	}

	// Datasets.
	for _, name := range sortedNames(new.Datasets) {
		n := new.Datasets[name]
		o := old.Datasets[name]
		if o == nil {
			d.Datasets.Added = append(d.Datasets.Added, n.ID)
			continue
		}
		changes := datasetChanges(o, n)
		if len(changes) == 0 {
			continue
		}
		item := ItemDiff{ID: n.ID, Changes: changes, Invalidates: []string{}}
		if o.Hash != n.Hash {
			item.Invalidates = down.of(n.Consumers, true)
		}
		d.Datasets.Changed = append(d.Datasets.Changed, item)
	}
	for _, name := range sortedNames(old.Datasets) {
		if new.Datasets[name] == nil {
			d.Datasets.Removed = append(d.Datasets.Removed, old.Datasets[name].ID)
		}
	}

	d.Plan = planChanges(old, new)
	d.Invalidated = down.of(rerun, true)
	sortSetDiff(&d.Nodes)
	sortSetDiff(&d.Datasets)
	return d
}

func sortSetDiff(s *SetDiff) {
	sort.Strings(s.Added)
	sort.Strings(s.Removed)
	sort.Slice(s.Changed, func(i, j int) bool { return s.Changed[i].ID < s.Changed[j].ID })
	if s.Added == nil {
		s.Added = []string{}
	}
	if s.Removed == nil {
		s.Removed = []string{}
	}
	if s.Changed == nil {
		s.Changed = []ItemDiff{}
	}
}

func sortedNames(m map[string]*Dataset) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// downstream walks depends_on edges of a plan backwards.
type downstream struct {
	children map[string][]string
}

func newDownstream(p *Plan) *downstream {
	d := &downstream{children: map[string][]string{}}
	for _, n := range p.Nodes {
		for _, dep := range n.DependsOn {
			d.children[dep] = append(d.children[dep], n.ID)
		}
	}
	return d
}

// of returns, sorted, every node downstream of the given ones, and the
// given ones themselves when self is set.
func (d *downstream) of(ids []string, self bool) []string {
	seen := map[string]bool{}
	stack := append([]string(nil), ids...)
	if self {
		for _, id := range ids {
			seen[id] = true
		}
	}
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, c := range d.children[id] {
			if !seen[c] {
				seen[c] = true
				stack = append(stack, c)
			}
		}
	}
	out := make([]string, 0, len(seen))
	for id := range seen {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

func nodeChanges(o, n *Node, oldPlan, newPlan *Plan) []Change {
	var cs []Change
	if !commandsEqual(o.Command, n.Command) {
		cs = append(cs, commandChanges(o.Command, n.Command)...)
	}
	cs = append(cs, mapChanges("parameter ", o.Parameters, n.Parameters)...)
	cs = append(cs, listChange("inputs", o.Inputs, n.Inputs)...)
	cs = append(cs, listChange("outputs", o.Outputs, n.Outputs)...)
	// A dataset both versions use whose definition changed.
	used := map[string]bool{}
	for _, names := range [][]string{n.Inputs, n.Outputs} {
		for _, name := range names {
			if used[name] {
				continue
			}
			used[name] = true
			od, nd := oldPlan.Datasets[name], newPlan.Datasets[name]
			if od != nil && nd != nil && od.Hash != nd.Hash && (contains(o.Inputs, name) || contains(o.Outputs, name)) {
				for _, dc := range datasetChanges(od, nd) {
					if definitionField(dc.Field) {
						dc.Field = "dataset " + name + " " + dc.Field
						cs = append(cs, dc)
					}
				}
			}
		}
	}
	if !bytes.Equal(compact(o.Environment), compact(n.Environment)) {
		cs = append(cs, Change{Field: "environment", Old: optional(o.Environment != nil, compact(o.Environment)), New: optional(n.Environment != nil, compact(n.Environment))})
	}
	cs = append(cs, listChange("depends_on", o.DependsOn, n.DependsOn)...)
	cs = append(cs, listChange("tags", o.Tags, n.Tags)...)
	if o.Namespace != n.Namespace {
		cs = append(cs, Change{Field: "namespace", Old: strOpt(o.Namespace), New: strOpt(n.Namespace)})
	}
	return cs
}

// commandChanges describes how two different commands differ.
func commandChanges(o, n Command) []Change {
	var cs []Change
	if o.EntryPoint != n.EntryPoint {
		// The rendered text can stay the same when only the entry point changes.
		cs = append(cs, Change{Field: "entry_point", Old: strOpt(o.EntryPoint), New: strOpt(n.EntryPoint)})
	}
	if ok, nk := o.Kedro, n.Kedro; ok != nil && nk != nil && !bytes.Equal(compact(ok.Sources), compact(nk.Sources)) {
		// The function's file was edited: say so rather than show the
		// whole call as a command change.
		cs = append(cs, Change{Field: "function source", Old: compact(ok.Sources), New: compact(nk.Sources)})
		oc, nc := *ok, *nk
		oc.Sources, nc.Sources = nil, nil
		if bytes.Equal(compact(oc), compact(nc)) {
			return cs
		}
	}
	if old, nw := commandValue(o), commandValue(n); string(old) != string(nw) {
		cs = append(cs, Change{Field: "command", Old: old, New: nw})
	}
	return cs
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// definitionField reports whether a dataset change is part of what the
// dataset's hash covers (not who produces or reads it).
func definitionField(field string) bool {
	switch field {
	case "resolution", "pattern", "producer", "consumers":
		return false
	}
	return true
}

func commandsEqual(a, b Command) bool {
	if (a.Kedro != nil || b.Kedro != nil) && !bytes.Equal(compact(a.Kedro), compact(b.Kedro)) {
		return false
	}
	return a.Shell == b.Shell && a.EntryPoint == b.EntryPoint && strings.Join(a.Argv, "\x00") == strings.Join(b.Argv, "\x00") && len(a.Argv) == len(b.Argv)
}

func commandValue(c Command) RawValue {
	if c.Kedro != nil {
		return compact(c.Kedro)
	}
	if c.Argv != nil {
		return compact(c.Argv)
	}
	return str(c.Shell)
}

func datasetChanges(o, n *Dataset) []Change {
	var cs []Change
	scalar := func(field, a, b string) {
		if a != b {
			cs = append(cs, Change{Field: field, Old: strOpt(a), New: strOpt(b)})
		}
	}
	flag := func(field string, a, b bool) {
		if a != b {
			cs = append(cs, Change{Field: field, Old: compact(a), New: compact(b)})
		}
	}
	scalar("type", o.Type, n.Type)
	scalar("path", o.Path, n.Path)
	flag("versioned", o.Versioned, n.Versioned)
	flag("persisted", o.Persisted, n.Persisted)
	scalar("load_version", o.LoadVersion, n.LoadVersion)
	scalar("credentials", o.Credentials, n.Credentials)
	scalar("resolution", o.Resolution, n.Resolution)
	scalar("pattern", o.Pattern, n.Pattern)
	cs = append(cs, mapChanges("config.", splitObject(o.Config), splitObject(n.Config))...)
	cs = append(cs, listChange("producer", optList(o.Producer), optList(n.Producer))...)
	cs = append(cs, listChange("consumers", o.Consumers, n.Consumers)...)
	return cs
}

func planChanges(o, n *Plan) []Change {
	var cs []Change
	scalar := func(field, a, b string) {
		if a != b {
			cs = append(cs, Change{Field: field, Old: strOpt(a), New: strOpt(b)})
		}
	}
	scalar("kfc_version", o.KfcVersion, n.KfcVersion)
	scalar("schema_version", o.SchemaVersion, n.SchemaVersion)
	scalar("env", o.Env, n.Env)
	scalar("pipeline", o.Pipeline, n.Pipeline)
	scalar("entry_point", o.EntryPoint, n.EntryPoint)
	cs = append(cs, mapChanges("selectors.", splitObject(compact(o.Selectors)), splitObject(compact(n.Selectors)))...)
	cs = append(cs, mapChanges("project.", splitObject(compact(o.Project)), splitObject(compact(n.Project)))...)
	cs = append(cs, mapChanges("parameter ", flatten(o.Parameters), flatten(n.Parameters))...)
	return cs
}

// mapChanges compares two maps of values key by key, in key order.
func mapChanges(prefix string, a, b map[string]RawValue) []Change {
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	var cs []Change
	for _, k := range sortedKeys(keys) {
		av, aok := a[k]
		bv, bok := b[k]
		if aok && bok && av.Equal(bv) {
			continue
		}
		c := Change{Field: prefix + k}
		if aok {
			c.Old = av
		}
		if bok {
			c.New = bv
		}
		cs = append(cs, c)
	}
	return cs
}

func listChange(field string, a, b []string) []Change {
	if strings.Join(a, "\x00") == strings.Join(b, "\x00") && len(a) == len(b) {
		return nil
	}
	if a == nil {
		a = []string{}
	}
	if b == nil {
		b = []string{}
	}
	return []Change{{Field: field, Old: compact(a), New: compact(b)}}
}

func optList(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

func str(s string) RawValue { return compact(s) }

func strOpt(s string) RawValue {
	if s == "" {
		return nil
	}
	return compact(s)
}

func optional(ok bool, v RawValue) RawValue {
	if !ok {
		return nil
	}
	return v
}

// splitObject returns the top-level members of a JSON object, each in
// canonical form; a non-object yields nil.
func splitObject(v RawValue) map[string]RawValue {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(v, &m); err != nil {
		return nil
	}
	out := make(map[string]RawValue, len(m))
	for k, raw := range m {
		c, err := Canonicalize(raw)
		if err != nil {
			continue
		}
		out[k] = c
	}
	return out
}

// flatten returns the leaves of a JSON object by dotted path (lists are
// leaves), so a parameter change is named down to the value that changed.
func flatten(v RawValue) map[string]RawValue {
	out := map[string]RawValue{}
	var walk func(prefix string, v RawValue)
	walk = func(prefix string, v RawValue) {
		members := splitObject(v)
		if members == nil || (len(members) == 0 && prefix != "") {
			out[prefix] = v
			return
		}
		for k, m := range members {
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			walk(p, m)
		}
	}
	if len(v) > 0 {
		walk("", v)
	}
	return out
}
