package pipeline

import (
	"encoding/json"
	"strings"
	"testing"

	"cuelang.org/go/cue"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
	"github.com/kfc-dev/kfc/schema"
)

// TestReaderKindsAreTheSchemas gives every key of every pipeline and node
// variant in schema/pipelines.cue each kind of value (null, a boolean,
// numbers, strings, lists, mappings) in an otherwise valid file, and holds
// the reader to what unifying the file with #Pipelines answers: an error
// from Parse exactly when CUE refuses the file.
func TestReaderKindsAreTheSchemas(t *testing.T) {
	s := schema.MustLoad()
	def := s.Value().LookupPath(cue.MakePath(cue.Def("#Pipelines")))
	probes := []string{"null", "true", "1", "1.5", "q", `""`, "[]", "[q]", "[1]", "{}", "{a: b}", "{a: 1}"}
	type field struct{ key, value string }
	variants := []struct {
		defs   []string
		node   bool // the fields are a node's, else the pipeline's
		fields []field
	}{
		{[]string{"#NodesPipeline"}, false, []field{{"nodes", "[{name: a, run: [x], outputs: [o]}]"}}},
		{[]string{"#FromPipeline"}, false, []field{{"from", "q"}}},
		{[]string{"#RunNode"}, true, []field{{"name", "a"}, {"run", "[x]"}, {"inputs", "[i]"}, {"outputs", "[o]"}}},
		{[]string{"#ShellNode"}, true, []field{{"name", "a"}, {"run", "x"}, {"shell", "true"}, {"inputs", "[i]"}, {"outputs", "[o]"}}},
		{[]string{"#EntryPointNode"}, true, []field{{"name", "a"}, {"entry_point", "main"}, {"inputs", "[i]"}, {"outputs", "[o]"}}},
		{[]string{"#KedroNode"}, true, []field{{"name", "a"}, {"kedro", "m:f"}, {"outputs", "o"}}},
	}
	checked := 0
	for _, v := range variants {
		for _, key := range s.Keys(v.defs...) {
			for _, probe := range probes {
				fields := []field{}
				set := false
				for _, f := range v.fields {
					if f.key == key {
						f.value, set = probe, true
					}
					fields = append(fields, f)
				}
				if !set {
					fields = append(fields, field{key, probe})
				}
				var b strings.Builder
				b.WriteString("q:\n  nodes: [{name: z, run: [x], outputs: [oq]}]\np:\n")
				if v.node {
					b.WriteString("  nodes:\n    - ")
					for i, f := range fields {
						if i > 0 {
							b.WriteString("      ")
						}
						b.WriteString(f.key + ": " + f.value + "\n")
					}
				} else {
					for _, f := range fields {
						b.WriteString("  " + f.key + ": " + f.value + "\n")
					}
				}
				doc := b.String()
				var diags diag.List
				root := tree.Parse("pipelines.yml", []byte(doc), &diags)
				Parse(root, &diags)
				goRefuses := len(diags.Items()) > 0 // compiler problems carry no severity: every one refuses
				js, err := json.Marshal(root.Any())
				if err != nil {
					t.Fatal(err)
				}
				cueErr := def.Unify(s.Context().CompileBytes(js)).Validate(cue.Concrete(true))
				checked++
				if goRefuses != (cueErr != nil) {
					t.Errorf("%s %s: %s\nParse: %v\nCUE: %v", v.defs[0], key, doc, diags.Items(), cueErr)
				}
			}
		}
	}
	if checked < 200 {
		t.Fatalf("only %d files checked", checked)
	}
}
