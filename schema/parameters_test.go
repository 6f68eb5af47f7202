package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

const paramsCUE = `package kfc

#Probability: >0 & <1

#Parameters: {
	model_options: {
		test_size:    #Probability
		random_state: int
		features: [...string]
		mode?:  "fast" | "exact"
		alpha:  *0.5 | number
		window: [int, int]
	}
	...
}
`

// withParams compiles kfc/parameters.cue with the embedded schemas.
func withParams(t testing.TB, src string) *Schemas {
	t.Helper()
	var diags diag.List
	s := mustLoad(t).AddProjectTypes(nil, []ProjectCUE{{Path: "kfc/parameters.cue", Src: []byte(src)}}, &diags)
	if diags.Len() > 0 {
		t.Fatalf("compile: %v", diags.Items())
	}
	return s
}

func checkParams(t *testing.T, s *Schemas, yaml string) []string {
	t.Helper()
	var diags diag.List
	root := tree.Parse("conf/base/parameters.yml", []byte(yaml), &diags)
	if diags.Len() > 0 {
		t.Fatalf("parse: %v", diags.Items())
	}
	var out []string
	for _, d := range s.CheckParameters(root) {
		line := d.Pos.String() + ": " + d.Message
		for _, n := range d.Notes {
			line += " | " + n.Pos.String() + ": " + n.Message
		}
		out = append(out, line)
	}
	return out
}

func TestCheckParametersClean(t *testing.T) {
	s := withParams(t, paramsCUE)
	got := checkParams(t, s, `
model_options:
  test_size: ${globals:test_size}
  random_state: 3
  features: [engines, crew]
  window: [1, 7]
reporting: {top_n: 3}
`)
	if len(got) > 0 {
		t.Errorf("clean parameters: %q", got)
	}
}

func TestCheckParametersViolations(t *testing.T) {
	s := withParams(t, paramsCUE)
	got := checkParams(t, s, `model_options:
  test_size: 1.5
  features: [engines, 3]
  mode: slow
  windw: [1, 2]
  window: [1, 2, 3]
`)
	want := []string{
		`conf/base/parameters.yml:2:14: parameter model_options.test_size: 1.5 (a float) does not satisfy >0 & <1 (#Parameters) | kfc/parameters.cue:7:3: the constraint is declared here`,
		`conf/base/parameters.yml:3:23: parameter model_options.features[1]: 3 (an integer) does not satisfy string (#Parameters) | kfc/parameters.cue:9:17: the constraint is declared here`,
		`conf/base/parameters.yml:4:9: parameter model_options.mode: "slow" does not satisfy "fast" | "exact" (#Parameters) | kfc/parameters.cue:10:3: the constraint is declared here`,
		`conf/base/parameters.yml:5:3: parameters model_options may not have key "windw": #Parameters does not declare it (did you mean "window"?); a struct that ends with ... allows other keys`,
		`conf/base/parameters.yml:2:3: parameters model_options lack "random_state", which #Parameters requires: random_state: int | kfc/parameters.cue:8:3: the constraint is declared here`,
		`conf/base/parameters.yml:6:11: parameter model_options.window: a sequence does not satisfy [int, int] (#Parameters): incompatible list lengths (2 and 3) | kfc/parameters.cue:12:3: the constraint is declared here`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestCheckParametersMissingEverything(t *testing.T) {
	s := withParams(t, paramsCUE)
	var diags diag.List
	got := s.CheckParameters(nil)
	if len(got) != 1 || got[0].Pos.File != "kfc/parameters.cue" || !strings.Contains(got[0].Message, `the project has no parameters, and #Parameters requires "model_options"`) {
		t.Errorf("no parameters: %+v %v", got, diags.Items())
	}
}

func TestCheckParametersNoDefinition(t *testing.T) {
	if got := checkParams(t, mustLoad(t), "a: 1\n"); len(got) > 0 {
		t.Errorf("without #Parameters: %q", got)
	}
	if _, err := mustLoad(t).ParametersJSONSchema(false); err == nil || !strings.Contains(err.Error(), "declares no #Parameters") {
		t.Errorf("ParametersJSONSchema without #Parameters: %v", err)
	}
}

func TestCheckParametersClosed(t *testing.T) {
	// A definition is closed: without ..., every parameter must be declared.
	s := withParams(t, "package kfc\n\n#Parameters: {seed: int}\n")
	got := checkParams(t, s, "seed: 1\nsed: 2\n")
	if len(got) != 1 || !strings.HasPrefix(got[0], `conf/base/parameters.yml:2:1: the parameters may not have key "sed"`) {
		t.Errorf("closed #Parameters: %q", got)
	}
}

func TestParametersJSONSchema(t *testing.T) {
	s := withParams(t, paramsCUE)
	a, err := s.ParametersJSONSchema(false)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := withParams(t, paramsCUE).ParametersJSONSchema(false)
	if !bytes.Equal(a, b) {
		t.Error("two generations differ")
	}
	var doc struct {
		Properties map[string]struct {
			Required   []string                   `json:"required"`
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(a, &doc); err != nil {
		t.Fatal(err)
	}
	mo := doc.Properties["model_options"]
	if strings.Join(mo.Required, ",") != "random_state,test_size,window" {
		t.Errorf("required = %v", mo.Required)
	}
	if !strings.Contains(string(a), `"exclusiveMaximum": 1`) {
		t.Errorf("no bound of test_size in\n%s", a)
	}
}

func TestParametersJSONSchemaPartial(t *testing.T) {
	s := withParams(t, "package kfc\n\n#Parameters: {a: {required: int, b: string}, c: [...{d: int}]}\n")
	b, err := s.ParametersJSONSchema(true)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var walk func(any, string)
	walk = func(v any, at string) {
		switch v := v.(type) {
		case map[string]any:
			if _, ok := v["required"].([]any); ok {
				t.Errorf("%s still has a required list", at)
			}
			for k, x := range v {
				walk(x, at+"/"+k)
			}
		case []any:
			for _, x := range v {
				walk(x, at+"[]")
			}
		}
	}
	walk(doc, "")
	if !strings.Contains(string(b), `"required": {`) {
		t.Errorf("the property named required is gone:\n%s", b)
	}
}

func TestCheckParametersNotAStruct(t *testing.T) {
	s := withParams(t, "package kfc\n\n#Parameters: [...int]\n")
	got := checkParams(t, s, "a: 1\n")
	if len(got) != 1 || got[0] != "kfc/parameters.cue:3:1: #Parameters must be a struct, as the parameters are a mapping; it is [...int]" {
		t.Errorf("list #Parameters: %q", got)
	}
}

// BenchmarkCheckParameters checks 1,000 parameter groups of four values
// each against a #Parameters that types every one (docs/parameters.md).
func BenchmarkCheckParameters(b *testing.B) {
	var cueSrc, yaml strings.Builder
	cueSrc.WriteString("package kfc\n\n#Group: {rate: >0 & <1, seed: int, names: [...string], mode: \"a\" | \"b\"}\n#Parameters: {\n")
	for i := range 1000 {
		fmt.Fprintf(&cueSrc, "\tg%d: #Group\n", i)
		fmt.Fprintf(&yaml, "g%d: {rate: 0.%d, seed: %d, names: [x, y], mode: a}\n", i, i%9+1, i)
	}
	cueSrc.WriteString("}\n")
	var diags diag.List
	s := mustLoad(b).AddProjectTypes(nil, []ProjectCUE{{Path: "kfc/p.cue", Src: []byte(cueSrc.String())}}, &diags)
	root := tree.Parse("conf/base/parameters.yml", []byte(yaml.String()), &diags)
	if diags.Len() > 0 {
		b.Fatal(diags.Items())
	}
	for b.Loop() {
		if got := s.CheckParameters(root); len(got) > 0 {
			b.Fatal(got)
		}
	}
}

func TestCheckParametersCrossField(t *testing.T) {
	// The walker sees n alone (features unknown: len 0); the whole
	// unification decides.
	s := withParams(t, "package kfc\n\n#Parameters: {n: <len(features), features: [...string]}\n")
	if got := checkParams(t, s, "n: 1\nfeatures: [a, b]\n"); len(got) > 0 {
		t.Errorf("n < len(features) holds: %q", got)
	}
	got := checkParams(t, s, "n: 5\nfeatures: [a, b]\n")
	if len(got) != 1 || !strings.HasPrefix(got[0], "conf/base/parameters.yml:1:4: parameter n: 5 (an integer) does not satisfy") {
		t.Errorf("n < len(features) fails: %q", got)
	}
	// A value CUE never sees (inf) is judged by the walker alone.
	s = withParams(t, "package kfc\n\n#Parameters: {rate: <1}\n")
	if got := checkParams(t, s, "rate: .inf\n"); len(got) != 1 {
		t.Errorf("inf: %q", got)
	}
}

func TestCheckParametersRequired(t *testing.T) {
	s := withParams(t, `package kfc

#Parameters: {
	marked!:  int
	regular:  int
	optional?: int
	defaulted: *1 | int
	list: [...int]
	loose: {a?: int}
	strict: {b: string}
	concrete: "fixed"
}
`)
	got := checkParams(t, s, "x: 1\n")
	var keys []string
	for _, line := range got {
		if i := strings.Index(line, `lack "`); i >= 0 {
			keys = append(keys, strings.SplitN(line[i+6:], `"`, 2)[0])
		}
	}
	if strings.Join(keys, ",") != "marked,regular,strict" {
		t.Errorf("required keys = %v\n%s", keys, strings.Join(got, "\n"))
	}
}

func TestCheckParametersQuotedKeys(t *testing.T) {
	s := withParams(t, "package kfc\n\n#Parameters: {\"x.y\"?: string, \"a b\"?: [...int]}\n")
	got := checkParams(t, s, "\"x.y\": 3\n\"a b\": [1, x]\n")
	want := []string{
		`conf/base/parameters.yml:1:8: parameter x.y: 3 (an integer) does not satisfy string (#Parameters) | kfc/parameters.cue:3:15: the constraint is declared here`,
		`conf/base/parameters.yml:2:12: parameter a b[1]: "x" does not satisfy int (#Parameters) | kfc/parameters.cue:3:43: the constraint is declared here`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// FuzzCheckParameters: any parameters file against a #Parameters that uses
// every kind of constraint gives findings with a message and a position,
// never a panic.
func FuzzCheckParameters(f *testing.F) {
	for _, seed := range []string{
		"model_options: {test_size: 0.2, random_state: 3, features: [a], window: [1, 2]}\n",
		"model_options: {test_size: 1.5, features: [a, 3], mode: slow, windw: [1], window: [1, 2, 3]}\n",
		"model_options: [1, 2]\n", "model_options: ~\n", "model_options: {test_size: .nan, window: [.inf, 1]}\n",
		"model_options: {test_size: ${globals:x}, features: [${a}, b]}\n", "a: &x {b: *x}\n", "\"x.y\": {\"\": 1}\n",
	} {
		f.Add(seed)
	}
	s := withParams(f, paramsCUE)
	f.Fuzz(func(t *testing.T, src string) {
		var diags diag.List
		root := tree.Parse("conf/base/parameters.yml", []byte(src), &diags)
		for _, d := range s.CheckParameters(root) {
			if d.Message == "" || d.Pos.IsZero() {
				t.Errorf("finding without message or position: %+v", d)
			}
		}
	})
}
