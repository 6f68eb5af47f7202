package plan

import (
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
	"github.com/kfc-dev/kfc/internal/schematest"
)

// FuzzCompileEntryPoint: any MLproject text, entry point name and -P items
// (newline-separated) compile or fail with an error, never a panic; a
// compiled plan validates against the JSON Schema and survives a round trip.
func FuzzCompileEntryPoint(f *testing.F) {
	f.Add(epMLproject, "main", "alpha=0.5\nextra=a b")
	f.Add(epMLproject, "main", "alpha= 1e3 \nepochs=٣\ndata=file:x%20y")
	f.Add("entry_points:\n  m:\n    command: \"echo {{x}} {a}\"\n    parameters: {a: path}\n", "m", "a=.")
	f.Add("", "x.py", "k=v\n=\nk")
	f.Fuzz(func(t *testing.T, mlp, name, params string) {
		var diags diag.List
		proj := &config.Project{Root: t.TempDir(), Env: "local"}
		if mlp != "" {
			proj.MLproject = &config.File{Path: "MLproject", Src: []byte(mlp), Root: tree.Parse("MLproject", []byte(mlp), &diags)}
		}
		var items []string
		if params != "" {
			items = strings.Split(params, "\n")
		}
		p, err := CompileEntryPoint(EntryPointInput{Project: proj, EntryPoint: name, Params: items}, EntryPointOptions{})
		if err != nil {
			return
		}
		b, err := Encode(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := schematest.ValidatePlan(b); err != nil {
			t.Fatalf("schema: %v\n%s", err, b)
		}
		back, err := Decode(b)
		if err != nil {
			t.Fatalf("decode: %v\n%s", err, b)
		}
		if err := back.Verify(); err != nil {
			t.Fatalf("verify: %v", err)
		}
	})
}
