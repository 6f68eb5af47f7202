package mlproject

import (
	"testing"

	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
)

// Findings point inside the file, where PyYAML's marks point (its
// compose().start_mark for the null document of "---" is line 1, column
// 4), with lines counted as YAML counts them: a lone CR ends a line for
// PyYAML and go-yaml alike (MLflow's own error would say line 3 below).
func TestPositionsInsideTheFile(t *testing.T) {
	cases := []struct {
		src       string
		line, col int
	}{
		{"---", 1, 4},
		{"--- ", 1, 5},
		{"\ufeff---", 1, 4},
		{"---\n", 2, 1},
		{"name: x\r\rentry_points: 1", 3, 15},
		{"name: x\u2028entry_points: 1", 2, 15},
		// two BOMs: PyYAML drops one and reads a key "\ufeffname"
		{"\ufeff\ufeffname: x\nentry_points: {main: {command: x}}\n", 1, 1},
	}
	for _, c := range cases {
		var dl diag.List
		Parse(&config.File{Path: "MLproject", Src: []byte(c.src)}, &dl)
		ds := dl.Items()
		if len(ds) != 1 || ds[0].Pos.Line != c.line || ds[0].Pos.Col != c.col {
			t.Errorf("%q: got %v, want one finding at %d:%d", c.src, ds, c.line, c.col)
		}
		lines := yamlLines(c.src)
		for _, d := range ds {
			if d.Pos.Line > len(lines) {
				t.Errorf("%q: %v is past the file's %d lines", c.src, d, len(lines))
			}
		}
	}
}
