package schema

import (
	"errors"
	"strings"
	"testing"

	"cuelang.org/go/cue"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// TestCUEPanicIsAnInternalError: CUE panics on a zero cue.Value (as it
// would on an evaluator bug). Each step of a check that meets such a panic
// raises kfc's internal error instead of passing the value unchecked: the
// struct as free keys (so its keys and values went unchecked), the
// subsumption as unknown.
func TestCUEPanicIsAnInternalError(t *testing.T) {
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	leaf := &tree.Node{Kind: tree.String, Text: "x"}
	for name, step := range map[string]func(){
		"structOf": func() { s.structOf(cue.Value{}, "broken") },
		"subsumes": func() { s.subsumes(cue.Value{}, "string") },
		"complete": func() { complete(cue.Value{}) },
		"walk": func() {
			m := &tree.Node{Kind: tree.Map, Pairs: []tree.Pair{{Key: "k", Value: leaf}}}
			(&walker{s: s}).mapping(s.structOf(cue.Value{}, "broken2"), "broken2", m, nil)
		},
	} {
		func() {
			defer func() {
				r := recover()
				var bug *InternalError
				if e, ok := r.(error); !ok || !errors.As(e, &bug) || !strings.Contains(bug.Error(), "CUE failed") {
					t.Errorf("%s: recovered %v, want an *InternalError saying CUE failed", name, r)
				}
			}()
			step()
		}()
	}
}
