package plan

import (
	"testing"

	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// FuzzCompile: any pipelines and parameters text, with any selector,
// compiles or fails with an error, never a panic, and a compiled plan
// encodes, decodes and verifies.
func FuzzCompile(f *testing.F) {
	f.Add(testPipelines, testParams, "clean")
	f.Add(selectPipelines, "a: 1\ncand: {v1: {a: 2}}\n", "cand")
	f.Add(transcodedPipelines, "", "")
	f.Add("__default__: {nodes: [{name: n, run: [\"{params.x}\"], params: [params:x]}]}", "x: {y: [1, {z: .inf}]}", "n")
	f.Fuzz(func(t *testing.T, pipelines, params, sel string) {
		var diags diag.List
		proj := &config.Project{
			Root: t.TempDir(),
			Env:  "local",
			Config: map[string]*tree.Node{
				"pipelines":  tree.Parse("conf/base/pipelines.yml", []byte(pipelines), &diags),
				"parameters": tree.Parse("conf/base/parameters.yml", []byte(params), &diags),
			},
			MLproject: &config.File{Path: "MLproject", Src: []byte(testMLproject), Root: tree.Parse("MLproject", []byte(testMLproject), &diags)},
		}
		opt := Options{}
		if sel != "" {
			opt.Selection = Selection{Nodes: []string{sel}, Tags: []string{sel}}
			opt.LoadVersions = map[string]string{sel: sel}
		}
		p, err := Compile(Input{Project: proj, Resolve: func(name string) Resolved {
			if len(name)%2 == 0 {
				return Resolved{Kind: ResolvedExplicit, Config: tree.Parse("c.yml", []byte("type: x.Y\nfilepath: data/"+name+"\nversioned: true\n"), &diags)}
			}
			return Resolved{Kind: ResolvedDefault}
		}}, opt)
		if err != nil {
			return
		}
		b, err := Encode(p)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Decode(b)
		if err != nil {
			t.Fatalf("decode: %v\n%s", err, b)
		}
		if err := back.Verify(); err != nil {
			t.Fatalf("verify: %v", err)
		}
		Compare(p, back)
	})
}
