package tree

import (
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
)

// Expected values are str() of what PyYAML / OmegaConf load (Python 3.11).
func TestRepr(t *testing.T) {
	var d diag.List
	n := Parse("f.yml", []byte("a: [1, 2.5, x, null, true]\n1: {it's: 'y'}\n"), &d)
	got, err := Repr(n, OmegaConf, nil)
	if err != nil || got != `{'a': [1, 2.5, 'x', None, True], 1: {"it's": 'y'}}` {
		t.Errorf("Repr = %s, %v", got, err)
	}
}
