package config

import (
	"errors"
	"testing"

	"github.com/BurntSushi/toml"
)

// Where tomllib (Python 3.11, which Kedro reads pyproject.toml with) puts a
// parse error, kfc does: the library's own line was one too far for a
// fault at a line's end.
func TestTomlPosIsTomllibs(t *testing.T) {
	for src, want := range map[string][2]int{
		"[tool.kedro\nx = 1\n":        {1, 12}, // Expected ']' at the end of a table declaration (at line 1, column 12)
		"a = \nb = 1\n":               {1, 5},  // Invalid value (at line 1, column 5)
		"a = 1\nb = \"x\n":            {2, 7},  // Illegal character '\n' (at line 2, column 7)
		"a = 1\n\nb = tru\n":          {3, 5},  // Invalid value (at line 3, column 5)
		"[tool.kedro]\n\"é\" = \"x\n": {2, 9},  // Illegal character '\n' (at line 2, column 9): characters, not bytes
	} {
		var v map[string]any
		_, err := toml.Decode(src, &v)
		var pe toml.ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("%q: no parse error (%v)", src, err)
		}
		if l, c := tomlPos([]byte(src), pe.Position); l != want[0] || c != want[1] {
			t.Errorf("%q: %d:%d, tomllib says %d:%d (%s)", src, l, c, want[0], want[1], pe.Message)
		}
	}
}
