package interp

import (
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

var allRules = map[diag.Code]bool{
	CodeSyntax: true, CodeMissingKey: true, CodeCycle: true, CodeKeyType: true, CodeLimit: true,
	CodeResolverArguments: true, CodeUnknownResolver: true, CodeCustomResolver: true,
	CodeEnvOutsideCredentials: true, CodeEnvUnset: true, CodeGlobalsMissingKey: true,
	CodeGlobalsPrivateKey: true, CodeGlobalsInGlobals: true, CodeRuntimeParamsInGlobals: true,
	CodeRuntimeParamsMissingKey: true, CodeRuntimeParamsNotGiven: true,
}

// FuzzResolve feeds arbitrary text both as a YAML file and as a string
// value that other keys refer to, under several option sets. Nothing may
// panic, every finding must carry a known rule and a position, and the
// input tree must come back unchanged.
func FuzzResolve(f *testing.F) {
	for _, s := range []string{
		"${a}", "x${a.b}y", `\${a}`, `\\${a}`, "${oc.select:a,1}", "${oc.decode:'[1, ${b}]'}",
		"${oc.create:{a: '\\${..b}'}}", "${globals:g.x, 2}", "${runtime_params:p}", "${oc.env:HOME}",
		"${oc.dict.values:d}", "${..a}", "${a[${b}]}", "${${b}}", "${custom:1,2}", "a: ${b}\nb: ${a}\n",
		"x:\n  y: ${.z}\n  z: ${..x}\n", "l: [1, '${l}']\n",
	} {
		f.Add(s)
	}
	globals := tree.Parse("g.yml", []byte("g: {x: 1}\n_h: 2\n"), nil)
	params := tree.Parse("p.yml", []byte("p: {q: 1}\n"), nil)
	optionSets := []Options{
		{Key: "catalog", Globals: globals},
		{Key: "credentials", AllowEnv: true, Getenv: fakeEnv(map[string]string{"HOME": "/h"}), RuntimeParams: params},
		{Key: "globals", CustomResolvers: map[string]bool{"custom": true}},
	}
	f.Fuzz(func(t *testing.T, s string) {
		var d diag.List
		roots := []*tree.Node{tree.Parse("f.yml", []byte(s), &d), holding(s)}
		for _, root := range roots {
			if root == nil {
				continue
			}
			before := pyJSON(root)
			for _, opts := range optionSets {
				var got diag.List
				out := Resolve(root, opts, &got)
				if out == nil {
					t.Fatal("nil result for a non-nil root")
				}
				for _, it := range got.Items() {
					if !allRules[it.Code] || it.Message == "" || it.Pos.File == "" {
						t.Fatalf("bad finding %+v", it)
					}
				}
			}
			if pyJSON(root) != before {
				t.Fatal("Resolve changed its input")
			}
		}
		_ = Has(s)
	})
}

// holding builds a config in which s is a value that other keys use.
func holding(s string) *tree.Node {
	pos := diag.Pos{File: "h.yml", Line: 1, Col: 1}
	str := func(v string) *tree.Node { return &tree.Node{Kind: tree.String, Text: v, At: diag.Pack(pos)} }
	m := tree.NewMap(pos)
	m.Set("a", pos, str(s))
	m.Set("b", pos, str("x${a}y"))
	m.Set("c", pos, str("${a}"))
	inner := tree.NewMap(pos)
	inner.Set("e", pos, str(s))
	inner.Set("f", pos, str(strings.ReplaceAll(s, "${", "${.")))
	m.Set("d", pos, inner)
	m.Set("l", pos, &tree.Node{Kind: tree.Seq, At: diag.Pack(pos), Items: []*tree.Node{str(s), {Kind: tree.Int, Int: 1, At: diag.Pack(pos)}}})
	return m
}
