package schema

import (
	"testing"

	"cuelang.org/go/cue"
	cuejson "cuelang.org/go/encoding/json"
)

// TestShapeLeafByCUE: a leaf constraint the compiler does not translate
// (a bound, a number) is decided by CUE, with the same verdict as
// unifying the whole document.
func TestShapeLeafByCUE(t *testing.T) {
	if _, err := Load(); err != nil {
		t.Fatal(err)
	}
	s, err := compile(append(append([]source(nil), sourceFile...), source{name: "test.cue", src: []byte(`package kfc
#T: {
	ratio!: >0 & <1
	n?:     int & >=2
	tag?:   "a" | "b"
	name?:  string & =~"^x" & !="x"
	list?:  [string, ...int]
}
`)}))
	if err != nil {
		t.Fatal(err)
	}
	sh, err := s.compileShape("#T")
	if err != nil {
		t.Fatal(err)
	}
	if sh.fields["ratio"].shape.leaf == nil || !sh.fields["ratio"].shape.leaf.useCUE {
		t.Fatalf("ratio's bounds are translated; this test wants them left to CUE")
	}
	for _, doc := range []string{
		`{"ratio": 0.5}`, `{"ratio": 1}`, `{"ratio": 0}`, `{"ratio": "0.5"}`, `{}`,
		`{"ratio": 0.5, "n": 2}`, `{"ratio": 0.5, "n": 1}`, `{"ratio": 0.5, "n": 2.0}`,
		`{"ratio": 0.5, "tag": "a"}`, `{"ratio": 0.5, "tag": "c"}`,
		`{"ratio": 0.5, "name": "xy"}`, `{"ratio": 0.5, "name": "x"}`, `{"ratio": 0.5, "name": "y"}`,
		`{"ratio": 0.5, "list": ["a", 1, 2]}`, `{"ratio": 0.5, "list": []}`, `{"ratio": 0.5, "list": ["a", "b"]}`,
		`{"ratio": 0.5, "other": 1}`,
	} {
		got := s.check(sh, []byte(doc))
		expr, err := cuejson.Extract("doc.json", []byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		want := s.value.LookupPath(cue.ParsePath("#T")).Unify(s.ctx.BuildExpr(expr)).Validate(cue.Concrete(true))
		if got == unsure || (got == fits) != (want == nil) {
			t.Errorf("%s: Go verdict %v, CUE %v", doc, got, want)
		}
	}
}
