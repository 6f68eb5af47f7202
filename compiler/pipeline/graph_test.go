package pipeline

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

func TestGraphChecks(t *testing.T) {
	_, diags := expand(t, `
p:
  nodes:
    - {name: a, run: [x], inputs: raw, outputs: [mid, mid]}
    - {name: b, run: [x], inputs: mid, outputs: out@pandas}
    - {name: c, run: [x], inputs: mid, outputs: out@spark}
    - {name: a, run: [x], inputs: other, outputs: more}
    - {name: d, run: [x], inputs: [more, loop1], outputs: loop2}
    - {name: e, run: [x], inputs: loop2, outputs: loop1}
    - {name: f, run: [x], inputs: loop1, outputs: tail}
    - {name: g, run: [x], inputs: self, outputs: self}
`, "p")
	equal(t, "findings", diags, []string{
		`4:55 pipeline.DuplicateOutput: node "a" writes "mid" twice`,
		`6:49 pipeline.DuplicateOutput: "out@spark" (the same dataset as "out@pandas") is already written by node "b": every dataset has one writer`,
		`7:14 pipeline.DuplicateNode: node name "a" is used by more than one node: node names must be unique in a pipeline`,
		`8:14 pipeline.Cycle: dependency cycle: d -> e -> d`,
		`11:50 pipeline.SameInputOutput: node "g" reads and writes "self": a node cannot have the same inputs and outputs`,
	})
}

func TestTopologicalOrderIsStable(t *testing.T) {
	src := `
p:
  nodes:
    - {name: z_report, run: [x], inputs: [model, table], outputs: report}
    - {name: m_train, run: [x], inputs: table, outputs: model}
    - {name: b_clean, run: [x], inputs: raw_b, outputs: clean_b}
    - {name: a_clean, run: [x], inputs: raw_a, outputs: clean_a}
    - {name: c_join, run: [x], inputs: [clean_a, clean_b], outputs: table}
`
	p, diags := expand(t, src, "p")
	equal(t, "findings", diags, nil)
	var names []string
	for _, n := range p.Nodes {
		names = append(names, n.Name)
	}
	equal(t, "order", names, []string{"a_clean", "b_clean", "c_join", "m_train", "z_report"})
	equal(t, "free inputs", p.FreeInputs(), []string{"raw_a", "raw_b"})
	equal(t, "outputs", p.Outputs(), []string{"report"})
	var parents []string
	for _, n := range p.Parents(p.Node("z_report")) {
		parents = append(parents, n.Name)
	}
	equal(t, "parents", parents, []string{"c_join", "m_train"})
}

func TestSumDropsIdenticalNodes(t *testing.T) {
	p, diags := expand(t, `
a: {nodes: [{name: n, run: [x], inputs: i, outputs: o, tags: left}]}
b: {from: a, tags: right}
c: {nodes: [{name: n, run: [y], inputs: i2, outputs: o2}]}
ab: [a, b, a]
ac: [a, c]
`, "ab")
	equal(t, "findings", diags, nil)
	equal(t, "nodes", dump(p), []string{"n in=i out=o tags=left"}) // the left-hand copy wins
	_, diags = expand(t, `
a: {nodes: [{name: n, run: [x], inputs: i, outputs: o}]}
c: {nodes: [{name: n, run: [y], inputs: i2, outputs: o2}]}
ac: [a, c]
`, "ac")
	equal(t, "findings", diags, []string{`3:20 pipeline.DuplicateNode: node name "n" is used by more than one node: node names must be unique in a pipeline`})
}

// chain builds a pipelines tree with one pipeline of n nodes: node i reads
// d<i> and writes d<i+1>; with loop, the last node writes d0.
func chain(n int, loop bool) *tree.Node {
	pos := func(line int) diag.Pos { return diag.Pos{File: "conf/base/pipelines.yml", Line: line, Col: 1} }
	str := func(s string, line int) *tree.Node {
		return &tree.Node{Kind: tree.String, Text: s, At: diag.Pack(pos(line))}
	}
	nodes := &tree.Node{Kind: tree.Seq, At: diag.Pack(pos(2)), Items: make([]*tree.Node, 0, n)}
	for i := 0; i < n; i++ {
		next := i + 1
		if loop && next == n {
			next = 0
		}
		m := &tree.Node{Kind: tree.Map, At: diag.Pack(pos(i + 3)), Pairs: []tree.Pair{
			{Key: "name", Value: str(fmt.Sprintf("n%06d", i), i+3)},
			{Key: "run", Value: &tree.Node{Kind: tree.Seq, Items: []*tree.Node{str("python", i+3), str("{in.d}", i+3)}}},
			{Key: "inputs", Value: &tree.Node{Kind: tree.Map, Pairs: []tree.Pair{{Key: "d", Value: str(fmt.Sprintf("d%06d", i), i+3)}}}},
			{Key: "outputs", Value: str(fmt.Sprintf("d%06d", next), i+3)},
		}}
		nodes.Items = append(nodes.Items, m)
	}
	def := &tree.Node{Kind: tree.Map, At: diag.Pack(pos(1)), Pairs: []tree.Pair{{Key: "nodes", Value: nodes}}}
	return &tree.Node{Kind: tree.Map, At: diag.Pack(pos(1)), Pairs: []tree.Pair{{Key: "big", Value: def}}}
}

func TestLargePipeline(t *testing.T) {
	const n = 100_000
	start := time.Now()
	var diags diag.List
	reg := Parse(chain(n, false), &diags)
	p := reg.Expand("big", &diags)
	Check(p, &diags)
	if diags.Len() != 0 {
		t.Fatalf("findings: %v", diags.Items()[:1])
	}
	if len(p.Nodes) != n || p.Nodes[0].Name != "n000000" || p.Nodes[n-1].Name != fmt.Sprintf("n%06d", n-1) {
		t.Fatalf("order: %d nodes, first %s", len(p.Nodes), p.Nodes[0].Name)
	}
	equal(t, "free inputs", p.FreeInputs(), []string{"d000000"})
	t.Logf("%d nodes parsed, expanded and checked in %v", n, time.Since(start))
}

func TestLongCycle(t *testing.T) {
	const n = 10_000
	start := time.Now()
	var diags diag.List
	reg := Parse(chain(n, true), &diags)
	p := reg.Expand("big", &diags)
	Check(p, &diags)
	items := render(diags.Items())
	want := "3:1 pipeline.Cycle: dependency cycle: n000000 -> n000001 -> n000002 -> n000003 -> n000004 -> n000005 -> ... 9989 more ... -> n009995 -> n009996 -> n009997 -> n009998 -> n009999 -> n000000"
	equal(t, "findings", items, []string{want})
	if c := p.Cycles(); len(c) != 1 || len(c[0]) != n+1 {
		t.Fatalf("cycle length %d", len(c[0]))
	}
	if !strings.HasPrefix(p.Nodes[0].Name, "n0000") || len(p.Nodes) != n {
		t.Fatalf("nodes on a cycle must still be listed")
	}
	t.Logf("%d-node cycle found in %v", n, time.Since(start))
}

func TestSeveralCyclesAreAllReported(t *testing.T) {
	_, diags := expand(t, `
p:
  nodes:
    - {name: b2, run: [x], inputs: y1, outputs: y2}
    - {name: b1, run: [x], inputs: y2, outputs: y1}
    - {name: a3, run: [x], inputs: x2, outputs: x3}
    - {name: a1, run: [x], inputs: x3, outputs: x1}
    - {name: a2, run: [x], inputs: [x1, y1], outputs: x2}
    - {name: a4, run: [x], inputs: x1, outputs: x4}
    - {name: a5, run: [x], inputs: x4, outputs: x5}
`, "p")
	equal(t, "findings", diags, []string{
		`5:14 pipeline.Cycle: dependency cycle: b1 -> b2 -> b1`,
		`7:14 pipeline.Cycle: dependency cycle: a1 -> a2 -> a3 -> a1`,
	})
}

// TestExpandEachIsExpandOfEach: one memo for all names (lint expands every
// pipeline at once) gives each pipeline the nodes, order and findings that
// expanding it alone gives, including remap problems, tags, namespaces,
// sums of shared parts and the names that cannot be expanded.
func TestExpandEachIsExpandOfEach(t *testing.T) {
	src := base + `
wrapped:
  from: inner
  namespace: ns
  inputs: {rwa: r2, raw: r3}
  tags: [w]
tagged: {from: inner, tags: t}
both: [wrapped, tagged, inner]
again: [both, wrapped]
loop: [loop2]
loop2: [loop]
lost: [nowhere]
_private: {from: inner, namespace: p}
uses_private: [_private, inner]
`
	names := []string{"inner", "wrapped", "tagged", "both", "again", "loop", "lost", "_private", "uses_private", "missing"}
	var diags diag.List
	root := tree.Parse("conf/base/pipelines.yml", []byte(src), &diags)
	reg := Parse(root, &diags)
	var one, each diag.List
	var want [][]string
	for _, name := range names {
		p := reg.Expand(name, &one)
		if p != nil {
			Check(p, &one)
			want = append(want, dump(p))
		} else {
			want = append(want, nil)
		}
	}
	var got [][]string
	for _, p := range reg.ExpandEach(names, &each) {
		if p != nil {
			Check(p, &each)
			got = append(got, dump(p))
		} else {
			got = append(got, nil)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("nodes:\ngot  %q\nwant %q", got, want)
	}
	equal(t, "findings", render(each.Items()), render(one.Items()))
	if one.Len() == 0 || want[3] == nil || want[5] != nil {
		t.Fatalf("the case lost its point: %d findings, both=%q loop=%q", one.Len(), want[3], want[5])
	}
}

// TestManyParents: past a few parents newPipeline switches from a scan to
// a set; either way each parent is listed once, sorted by name.
func TestManyParents(t *testing.T) {
	for _, n := range []int{3, 16, 17, 40} {
		var b strings.Builder
		b.WriteString("p:\n  nodes:\n")
		var inputs, want []string
		for i := n - 1; i >= 0; i-- {
			fmt.Fprintf(&b, "    - {name: w%02d, run: [x], outputs: [d%02d, e%02d@x]}\n", i, i, i)
			inputs = append(inputs, fmt.Sprintf("d%02d", i), fmt.Sprintf("e%02d@x", i))
			want = append(want, fmt.Sprintf("w%02d", n-1-i))
		}
		slices.Sort(want)
		fmt.Fprintf(&b, "    - {name: z, run: [x], inputs: [%s], outputs: out}\n", strings.Join(inputs, ", "))
		p, diags := expand(t, b.String(), "p")
		equal(t, "findings", diags, nil)
		var got []string
		for _, q := range p.Parents(p.Node("z")) {
			got = append(got, q.Name)
		}
		equal(t, fmt.Sprint(n, " parents"), got, want)
	}
}
