package pipeline

import (
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// load parses src as a pipelines file and returns the registry and the
// findings as "line:col rule: message" strings.
func load(t *testing.T, src string) (*Registry, []string) {
	t.Helper()
	var diags diag.List
	root := tree.Parse("conf/base/pipelines.yml", []byte(src), &diags)
	if diags.Len() > 0 {
		t.Fatalf("YAML errors: %v", diags.Items())
	}
	reg := Parse(root, &diags)
	return reg, render(diags.Items())
}

// expand parses src, expands name and runs the graph checks.
func expand(t *testing.T, src, name string) (*Pipeline, []string) {
	t.Helper()
	var diags diag.List
	root := tree.Parse("conf/base/pipelines.yml", []byte(src), &diags)
	reg := Parse(root, &diags)
	p := reg.Expand(name, &diags)
	if p != nil {
		Check(p, &diags)
	}
	return p, render(diags.Items())
}

func render(items []diag.Diagnostic) []string {
	out := []string{}
	for _, d := range items {
		out = append(out, strings.TrimPrefix(d.Pos.String(), "conf/base/pipelines.yml:")+" "+string(d.Code)+": "+d.Message)
	}
	return out
}

// dump renders the nodes as "name [ns] in=a,b params=params:x out=c tags=t"
// (datasets only; binding keys are tested separately).
func dump(p *Pipeline) []string {
	var out []string
	for _, n := range p.Nodes {
		s := n.Name
		if n.Namespace != "" {
			s += " [" + n.Namespace + "]"
		}
		for _, part := range []struct {
			label string
			list  []Binding
		}{{"in", n.Inputs}, {"params", n.Params}, {"out", n.Outputs}} {
			if len(part.list) == 0 {
				continue
			}
			var names []string
			for _, b := range part.list {
				names = append(names, b.Dataset)
			}
			s += " " + part.label + "=" + strings.Join(names, ",")
		}
		if len(n.Tags) > 0 {
			s += " tags=" + strings.Join(n.Tags, ",")
		}
		out = append(out, s)
	}
	return out
}

func equal(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\ngot:\n  %s\nwant:\n  %s", what, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func expandReg(reg *Registry, name string) (*Pipeline, []string) {
	var diags diag.List
	p := reg.Expand(name, &diags)
	return p, render(diags.Items())
}
