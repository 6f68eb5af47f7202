package pipeline

import (
	"fmt"
	"strings"
	"testing"
)

func TestRenderAfterRemap(t *testing.T) {
	p, diags := expand(t, `
inner:
  nodes:
    - name: n
      run: [python, a.py, "{in.companies}", "--data={in.data}", "{params.model_options.alpha}", "{params.opts}", "{out.model}", "{{literal}}"]
      inputs: {data: reviews}
      params: {opts: params:options}
      outputs: {model: regressor}
    - name: m
      run: [python, b.py, "{in.companies}", "{params.model_options.alpha}", "{params.parameters}"]
      inputs: companies
      params: [params:model_options.alpha, parameters]
      outputs: x
wrapped: {from: inner, namespace: ns}
`, "wrapped")
	equal(t, "findings", diags, []string{
		`5:27 pipeline.Placeholder: {in.companies} names no input of node "n"`,
		`5:65 pipeline.Placeholder: {params.model_options.alpha} names no params entry of node "n"`,
	})
	value := func(kind string, b Binding) (string, error) {
		return fmt.Sprintf("<%s %s=%s>", kind, b.Key, b.Dataset), nil
	}
	m := p.Node("ns.m")
	args, err := m.Render(value)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "args", args, []string{"python", "b.py", "<in companies=ns.companies>",
		"<params model_options.alpha=params:ns.model_options.alpha>", "<params parameters=parameters>"})
	if _, err := p.Node("ns.n").Render(value); err == nil {
		t.Error("rendering an unbound placeholder must fail")
	}
}

func TestShellRender(t *testing.T) {
	p, diags := expand(t, `
p:
  nodes:
    - name: n
      shell: true
      run: "python a.py {in.x} | awk '{{print $1}}' > {out.y}"
      inputs: x
      outputs: y
`, "p")
	equal(t, "findings", diags, nil)
	args, err := p.Nodes[0].Render(func(kind string, b Binding) (string, error) {
		return "data/my " + b.Dataset + ".csv", nil
	})
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "args", args, []string{`python a.py 'data/my x.csv' | awk '{print $1}' > 'data/my y.csv'`})
}

func TestTemplateErrors(t *testing.T) {
	for _, tc := range []struct{ in, err string }{
		{"{in.x}", ""},
		{"a{{b}}c", ""},
		{"{x}", "unknown placeholder {x}"},
		{"{in.}", "unknown placeholder {in.}"},
		{"{input.x}", "unknown placeholder {input.x}"},
		{"a}b", "single '}'"},
		{"{in.x", "unclosed '{'"},
	} {
		_, err := parseTemplate(tc.in)
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("%q: unexpected error %v", tc.in, err)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%q: error %v, want %q", tc.in, err, tc.err)
		}
	}
	for in, want := range map[string]string{
		"--in={in.a.b}x{{":           "[{--in= } {a.b in} {x{ }]",
		"":                           "[]",
		"plain text":                 "[{plain text }]",
		"{{":                         "[{{ }]",
		"}}{{":                       "[{}{ }]",
		"a{{b}}c{out.y}d}}e{{":       "[{a{b}c } {y out} {d}e{ }]",
		"{in.x}{params.p}":           "[{x in} {p params}]",
		"{{{in.x}}}":                 "[{{ } {x in} {} }]",
		"x {in.a} y {{z}} {out.b} w": "[{x  } {a in} { y {z}  } {b out} { w }]",
	} {
		if segs, err := parseTemplate(in); err != nil || fmt.Sprint(segs) != want {
			t.Errorf("%q: segments %v (%v), want %s", in, segs, err, want)
		}
	}
}
