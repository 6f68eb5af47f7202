package tree

import (
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
)

// TestCollectionTags pins which tags on a mapping or sequence PyYAML's
// SafeLoader (6.0) accepts, and where it reports the others (its
// problem_mark, 1-based), from running yaml.safe_load on each snippet.
// kfc also refuses !!omap, !!pairs and !!set, which SafeLoader accepts
// (tuples, a set) but OmegaConf and kfc cannot represent.
func TestCollectionTags(t *testing.T) {
	for _, tc := range []struct {
		src       string
		line, col int // 0: PyYAML accepts it
	}{
		{"x: !!map {a: 1}\n", 0, 0},
		{"x: !!seq [1]\n", 0, 0},
		{"x: ! {a: 1}\n", 0, 0},
		{"x: ! [1]\n", 0, 0},
		{"x: !<tag:yaml.org,2002:map> {a: 1}\n", 0, 0},
		{"x: !<tag:yaml.org,2002:seq> [1]\n", 0, 0},
		{"x: !foo {}\n", 1, 4},
		{"x: !foo []\n", 1, 4},
		{"x: !foo\n  a: 1\n", 1, 4},
		{"x:\n  - !foo\n    a: 1\n", 2, 5},
		{"x: !!python/object:foo.Bar {}\n", 1, 4},
		{"x: !!python/tuple [1]\n", 1, 4},
		{"x: !!merge {}\n", 1, 4},
		{"x: !!value {}\n", 1, 4},
		{"x: !!str {}\n", 1, 4},
		{"x: !!int [1]\n", 1, 4},
		{"x: !!map [1]\n", 1, 4},
		{"x: !!seq {}\n", 1, 4},
		{"x: !!omap {a: 1}\n", 1, 4},
		{"x: !!omap [{a: 1}]\n", 1, 4},  // accepted by PyYAML: kfc refuses
		{"x: !!pairs [{a: 1}]\n", 1, 4}, // accepted by PyYAML: kfc refuses
		{"x: !!set {a, b}\n", 1, 4},     // accepted by PyYAML: kfc refuses
		{"a: &a !foo {}\nb: *a\nc: *a\n", 1, 4},
	} {
		var diags diag.List
		Parse("f.yml", []byte(tc.src), &diags)
		items := diags.Items()
		if tc.line == 0 {
			if len(items) != 0 {
				t.Errorf("%q: PyYAML accepts it, kfc reports %v", tc.src, items)
			}
			continue
		}
		if len(items) != 1 || items[0].Code != CodeSyntax || items[0].Pos.Line != tc.line || items[0].Pos.Col != tc.col {
			t.Errorf("%q: want one syntax finding at %d:%d, got %v", tc.src, tc.line, tc.col, items)
		}
	}
}
