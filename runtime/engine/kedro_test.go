package engine

import (
	"testing"

	"github.com/kfc-dev/kfc/compiler/plan"
	"github.com/kfc-dev/kfc/runtime/kedrorun"
)

func TestKedroSourceChange(t *testing.T) {
	k := &plan.KedroCommand{Function: "m:f", Inputs: plan.RawValue(`"a"`), Outputs: plan.RawValue(`"b"`),
		Sources: []plan.SourceFile{{Path: "src/m.py", Digest: "sha256:01"}}}
	n := &plan.Node{Command: plan.Command{Kedro: k}}
	recorded := kedrorun.Display(k)
	if kedroSourceChange(n, recorded) {
		t.Error("same command counted as a source change")
	}
	k.Sources[0].Digest = "sha256:02"
	if !kedroSourceChange(n, recorded) {
		t.Error("edited source not seen")
	}
	k.Inputs = plan.RawValue(`"c"`)
	if kedroSourceChange(n, recorded) {
		t.Error("a re-wired node is a command change, not only a source change")
	}
	if kedroSourceChange(&plan.Node{Command: plan.Command{Argv: []string{"x"}}}, recorded) {
		t.Error("argv node")
	}
}
