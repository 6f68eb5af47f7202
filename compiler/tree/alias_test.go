package tree

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/internal/synth"
)

// parseBothWays parses src with and without shared alias expansions.
func parseBothWays(name, src string, dialect Dialect) (shared, rebuilt *Node, ds, dr []diag.Diagnostic) {
	var a, b diag.List
	shared = ParseDialect(name, []byte(src), dialect, &a)
	shareExpansions = false
	rebuilt = ParseDialect(name, []byte(src), dialect, &b)
	shareExpansions = true
	if a.Len() != b.Len() { // the same findings, repeats included (Items drops them)
		return shared, rebuilt, append(a.Items(), diag.Diagnostic{Message: "a different count"}), b.Items()
	}
	return shared, rebuilt, a.Items(), b.Items()
}

// distinct counts the different nodes reachable from n, and all visits.
func distinct(n *Node, seen map[*Node]bool) (nodes, visits int) {
	if n == nil {
		return 0, 0
	}
	visits = 1
	if !seen[n] {
		seen[n] = true
		nodes = 1
	}
	for _, p := range n.Pairs {
		a, b := distinct(p.Value, seen)
		nodes, visits = nodes+a, visits+b
	}
	for _, it := range n.Items {
		a, b := distinct(it, seen)
		nodes, visits = nodes+a, visits+b
	}
	return nodes, visits
}

// Sharing an anchor's tree among its aliases gives the tree a rebuild
// gives, value for value and position for position, and the same findings,
// in both dialects; where a rebuild would report something or stop at a
// bound, the anchor is rebuilt.
func TestSharedAliasesEqualRebuilt(t *testing.T) {
	deep := func(n int) string { return strings.Repeat("{a: ", n) + "1" + strings.Repeat("}", n) }
	in := func(n int, s string) string { return strings.Repeat("{a: ", n) + s + strings.Repeat("}", n) }
	cases := map[string]string{
		"merge":           "_t: &t {type: X, save_args: {index: false}}\na: {<<: *t, f: 1}\nb: {<<: *t}\nc: *t\n",
		"merge list":      "_a: &a {x: 1, y: [1, 2]}\n_b: &b {x: 2, z: {q: 1}}\nm: {<<: [*a, *b], w: 1}\nn: {<<: [*b, *a]}\n",
		"alias of alias":  "_i: &i {k: [1, 2]}\n_o: &o {i: *i, j: [*i, *i]}\na: *o\nb: {x: *o, y: *i}\n",
		"scalar anchors":  "_s: &s 012\n_f: &f 1e5\n_q: &q 'yes'\nl: [*s, *f, *q, *s]\n",
		"duplicate key":   "_t: &t {a: 1, a: 2}\nx: *t\ny: *t\nz: {<<: *t}\n",
		"bad tag":         "_t: &t {a: !!int abc}\nx: *t\ny: [*t, *t]\n",
		"unknown tag":     "_t: &t {a: !foo b}\nx: *t\ny: *t\n",
		"bomb":            bomb(12),
		"small bomb":      bomb(5),
		"deep anchor":     "_d: &d " + deep(40) + "\nok: *d\nlater: " + in(30, "*d") + "\nagain: *d\n",
		"deep at edge":    "_d: &d " + deep(10) + "\nx: " + in(53, "*d") + "\ny: " + in(54, "*d") + "\n",
		"interpolations":  "_p: &p {filepath: '${globals:x}/a', n: ${y}}\na: *p\nb: {<<: *p, c: 1}\n",
		"self reference":  "a: &a [1, *a]\nb: *a\n",
		"key alias":       "_k: &k name\n*k : 1\nb: {*k : 2}\n",
		"document anchor": "--- &r\na: 1\n",
	}
	for name, src := range cases {
		for _, dialect := range []Dialect{OmegaConf, PyYAML} {
			s, r, ds, dr := parseBothWays("f.yml", src, dialect)
			if !reflect.DeepEqual(s, r) {
				t.Errorf("%s (%d): the shared tree differs from the rebuilt one", name, dialect)
			}
			if !reflect.DeepEqual(ds, dr) {
				t.Errorf("%s (%d): findings differ:\nshared:  %v\nrebuilt: %v", name, dialect, ds, dr)
			}
		}
	}
	// And sharing does happen.
	s, _, _, _ := parseBothWays("f.yml", cases["alias of alias"], OmegaConf)
	if nodes, visits := distinct(s, map[*Node]bool{}); nodes >= visits {
		t.Errorf("no subtree shared: %d nodes, %d visits", nodes, visits)
	}
}

func bomb(levels int) string {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < levels; i++ {
		fmt.Fprintf(&b, "a%d: &a%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d, ", i-1), 10), ", "))
	}
	return b.String()
}

func TestSharedAliasesInSynthFiles(t *testing.T) {
	files := synth.Files(synth.Options{Datasets: 3000, Params: 300, Nodes: 200, Factories: 12, Seed: 2})
	shared := 0
	for name, text := range files {
		if !strings.HasSuffix(name, ".yml") && !strings.HasSuffix(name, ".yaml") {
			continue
		}
		for _, src := range []string{text, text + "_raw_csv: {type: X}\nz: !!int x\n"} {
			s, r, ds, dr := parseBothWays(name, src, OmegaConf)
			if !reflect.DeepEqual(s, r) || !reflect.DeepEqual(ds, dr) {
				t.Errorf("%s: shared and rebuilt parses differ", name)
			}
			if nodes, visits := distinct(s, map[*Node]bool{}); nodes < visits {
				shared++
			}
		}
	}
	if shared == 0 {
		t.Error("no generated file shares an anchor")
	}
}
