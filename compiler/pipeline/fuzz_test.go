package pipeline

import (
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// FuzzPipelines: no input makes Parse, Expand, Check or Render panic.
func FuzzPipelines(f *testing.F) {
	for _, seed := range []string{
		base,
		"p: {nodes: [{name: a, run: [x, '{in.a}'], inputs: {a: x@y}, outputs: [z, z]}]}\nq: {from: [p, p], namespace: n, inputs: x, outputs: {z: w}, parameters: [a]}\n__default__: [p, q, r]",
		"a: [b]\nb: {from: a}\n_c: {from: [a, _c]}\nd: [_c]",
		"p: {nodes: [{name: a, shell: true, run: 'x {{ {out.o} }}', outputs: o, params: parameters}]}",
		"- 1\n- 2",
		"p: {nodes: [{name: a, run: [x], inputs: d1, outputs: d2}, {name: b, run: [x], inputs: d2, outputs: d1}]}",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		var diags diag.List
		root := tree.Parse("p.yml", []byte(src), &diags)
		reg := Parse(root, &diags)
		for _, name := range append(reg.Names(), "__default__", "_x") {
			p := reg.Expand(name, &diags)
			if p == nil {
				continue
			}
			Check(p, &diags)
			p.FreeInputs()
			p.Outputs()
			for _, n := range p.Nodes {
				_, _ = n.Render(func(string, Binding) (string, error) { return "v", nil })
				p.Parents(n)
			}
		}
		diags.Items()
	})
}
