package pipeline

import "testing"

// The cases below reproduce what Kedro's own kedro.pipeline does
// (notes/kedro.md, "Pipelines, verified against Kedro's own kedro.pipeline",
// facts 6 to 9), written in kfc's format.

const base = `
inner:
  nodes:
    - name: n1
      run: [python, a.py]
      inputs: [x@pandas, raw]
      params: [params:p, params:a.b, parameters]
      outputs: mid
    - name: n2
      run: [python, b.py]
      inputs: mid
      outputs: [out, other]
`

func TestRemapMissingNames(t *testing.T) { // fact 6
	_, diags := expand(t, base+`
wrapped:
  from: inner
  inputs: {rwa: r2, nope: n}
  parameters: {a: b, params:q: z}
`, "wrapped")
	equal(t, "findings", diags, []string{
		`16:12 pipeline.Remap: cannot remap input "rwa": no node of inner reads or writes it; did you mean "raw"?`,
		`16:21 pipeline.Remap: cannot remap input "nope": no node of inner reads or writes it`,
		// mapping "a" does not match params:a.b: Kedro compares whole names
		`17:16 pipeline.Remap: cannot remap parameter "params:a": no node of inner uses it; did you mean "params:a.b"?`,
		`17:22 pipeline.Remap: cannot remap parameter "params:q": no node of inner uses it; did you mean "params:p"?`,
	})
}

func TestRemapOutputNotProduced(t *testing.T) { // fact 7 and the inputs rules
	_, diags := expand(t, base+`
wrapped:
  from: inner
  outputs: {raw: r}
  inputs: {mid: m, params:p: q}
`, "wrapped")
	equal(t, "findings", diags, []string{
		`16:13 pipeline.Remap: cannot remap output "raw": it is a free input of inner, and outputs: can only rename what its nodes write`,
		`17:12 pipeline.Remap: cannot remap input "mid": node "n1" of inner writes it, and inputs: can only rename free inputs`,
		`17:20 pipeline.Remap: cannot remap "params:p" under inputs: parameters are remapped under parameters:`,
	})
}

func TestTranscodingChecks(t *testing.T) { // fact 8
	p, diags := expand(t, `
p:
  nodes:
    - {name: n0, run: [a], inputs: x@pandas, outputs: y}
    - {name: n1, run: [a], inputs: x@a, outputs: x@b}
    - {name: n2, run: [a], inputs: x@p@q, outputs: z}
    - {name: n3, run: [a], inputs: w, outputs: v}
    - {name: n4, run: [a], inputs: v, outputs: w@spark}
`, "p")
	equal(t, "findings", diags, []string{
		`5:50 pipeline.SameInputOutput: node "n1" reads "x@a" and writes "x@b": a node cannot have the same inputs and outputs, even transcoded`,
		`6:36 pipeline.Transcoding: expected at most 1 transcoding separator, found 2 in "x@p@q"`,
		`7:14 pipeline.Cycle: dependency cycle: n3 -> n4 -> n3`,
		`7:36 pipeline.Transcoding: "w" is used both without and with transcoding ("w@spark"): reference it with a transcoding suffix everywhere, or rename one of them`,
	})
	// x is written by n1 (as x@b), so it is no free input; a free input
	// keeps its suffix.
	equal(t, "free inputs", p.FreeInputs(), nil)
	p, _ = expand(t, `
p:
  nodes:
    - {name: split, run: [a], inputs: [model_input_table@pandas], outputs: X}
`, "p")
	equal(t, "free inputs", p.FreeInputs(), []string{"model_input_table@pandas"})
}

func TestRemapRules(t *testing.T) { // fact 9
	src := `
inner:
  nodes:
    - name: n1
      namespace: own
      run: [python, a.py]
      inputs: [x@pandas, y@spark, free]
      params: [params:p, params:a.b, parameters]
      outputs: out
full:
  from: inner
  namespace: ns
  inputs: {x@pandas: new_x, y: new_y}
  parameters: {params:p: params:b}
short:
  from: inner
  parameters: {p: b}
mixed:
  from: inner
  namespace: ns
  parameters: {params:p: b}
twice:
  from: full
  namespace: ns
`
	for _, tc := range []struct{ name, want string }{
		// a node's own namespace prefixes its name only
		{"inner", "own.n1 [own] in=x@pandas,y@spark,free params=params:p,params:a.b,parameters out=out"},
		// x@pandas mapped in full loses its suffix, the mapped base y keeps
		// it; mapped names and parameters get no namespace prefix; the
		// whole-dict parameters input never changes
		{"full", "ns.own.n1 [ns.own] in=new_x,new_y@spark,ns.free params=params:b,params:ns.a.b,parameters out=ns.out"},
		// {p: b}, {params:p: b} and {params:p: params:b} are one mapping
		{"short", "own.n1 [own] in=x@pandas,y@spark,free params=params:b,params:a.b,parameters out=out"},
		{"mixed", "ns.own.n1 [ns.own] in=ns.x@pandas,ns.y@spark,ns.free params=params:b,params:ns.a.b,parameters out=ns.out"},
		// an outer namespace renames what the inner wrapper mapped; the same
		// namespace twice nests
		{"twice", "ns.ns.own.n1 [ns.ns.own] in=ns.new_x,ns.new_y@spark,ns.ns.free params=params:ns.b,params:ns.ns.a.b,parameters out=ns.ns.out"},
	} {
		p, diags := expand(t, src, tc.name)
		equal(t, tc.name+" findings", diags, nil)
		equal(t, tc.name, dump(p), []string{tc.want})
	}
}
