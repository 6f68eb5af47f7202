package tree

import (
	"strings"
	"testing"
)

func nestedMaps(n int) string {
	var b strings.Builder
	for i := 0; i < n-1; i++ {
		b.WriteString(strings.Repeat("  ", i) + "k:\n")
	}
	b.WriteString(strings.Repeat("  ", n-1) + "v: 1\n")
	return b.String()
}

// Nesting stops at MaxDepth with a positioned finding, so that a small
// hostile file cannot make kfc print or write output quadratic in its size.
func TestDepthBound(t *testing.T) {
	if n, ds := parse(t, nestedMaps(MaxDepth)); len(ds) != 0 || n == nil {
		t.Fatalf("%d levels: %v", MaxDepth, ds)
	}
	cases := []struct {
		name, src string
		line, col int
	}{
		{"block", nestedMaps(MaxDepth + 1), MaxDepth + 1, 2*MaxDepth + 1},
		{"flow", "a: " + strings.Repeat("{k: ", 10_000) + "1" + strings.Repeat("}", 10_000), 1, 4 + 4*(MaxDepth-1)},
		{"list", "a: " + strings.Repeat("[", 5_000) + "1" + strings.Repeat("]", 5_000), 1, 4 + MaxDepth - 1},
		// past go-yaml's own limit of 10,000, which has no position
		{"json", `{"é": "[#", ` + "\n" + `"a": ` + strings.Repeat("[", 10_001) + strings.Repeat("]", 10_001) + "}", 2, 6 + MaxDepth - 1},
		{"aliases", "a: &a " + strings.Repeat("[", 32) + "1" + strings.Repeat("]", 32) + "\nb: [*a]\nc: [*a, " + strings.Repeat("[", 33) + "*a" + strings.Repeat("]", 33) + "]\n", 3, 9 + 33},
	}
	for _, c := range cases {
		n, ds := parse(t, c.src)
		if n != nil || len(ds) != 1 || ds[0].Pos.Line != c.line || ds[0].Pos.Col != c.col || !strings.Contains(ds[0].Message, "nest more than 64 deep") {
			t.Errorf("%s: got %v, %v; want one finding at %d:%d", c.name, n != nil, ds, c.line, c.col)
		}
	}
}
