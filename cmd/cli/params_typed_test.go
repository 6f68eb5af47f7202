package cli

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	sjs "github.com/santhosh-tekuri/jsonschema/v6"
)

// TestTypedParamsExample: examples/spaceflights types its parameters in
// kfc/parameters.cue. The project vets clean, plans the same bytes as
// without the file, and a value that breaks a constraint is an error at
// that value, in vet and in build.
func TestTypedParamsExample(t *testing.T) {
	files := exampleFiles(t)
	if _, ok := files["kfc/parameters.cue"]; !ok {
		t.Fatal("examples/spaceflights has no kfc/parameters.cue")
	}
	order := make([]string, 0, len(files))
	for rel := range files {
		order = append(order, rel)
	}
	sort.Strings(order)
	base := t.TempDir()
	typed, untyped := filepath.Join(base, "typed"), filepath.Join(base, "untyped")
	at := func(int) time.Time { return time.Unix(1_600_000_000, 0) }
	writeProject(t, typed, files, order, at)
	var without []string
	for _, rel := range order {
		if !strings.HasPrefix(rel, "kfc/") {
			without = append(without, rel)
		}
	}
	writeProject(t, untyped, files, without, at)
	t.Setenv("KFC_ENV", "")
	t.Setenv("KEDRO_ENV", "")
	t.Chdir(base)

	if out, errOut, code := runKfc(t, "vet", typed); code != 0 || out != "" || errOut != "" {
		t.Fatalf("kfc vet: exit %d\n%s%s", code, out, errOut)
	}
	planTyped, errOut, code := runKfc(t, "build", typed)
	if code != 0 {
		t.Fatalf("kfc build typed: exit %d\n%s", code, errOut)
	}
	planUntyped, errOut, code := runKfc(t, "build", untyped)
	if code != 0 {
		t.Fatalf("kfc build untyped: exit %d\n%s", code, errOut)
	}
	// The plan names its project folder nowhere, so the two must be equal.
	if planTyped != planUntyped {
		t.Error("kfc/parameters.cue changed the plan")
	}

	out, _, code := runKfc(t, "vet", typed, "--params", "model_options.test_size=20")
	want := "--params:1:25: error: parameter model_options.test_size: 20 (an integer) does not satisfy >0 & <1 (#Parameters) [parameter-type]\n"
	if code != ExitFindings || !strings.HasPrefix(out, want) {
		t.Errorf("vet --params test_size=20: exit %d\n%s", code, out)
	}
	out, errOut, code = runKfc(t, "build", typed, "--params", "reporting.top_n=0")
	if code != ExitFindings || out != "" || !strings.Contains(errOut, `--params:1:17: error: parameter reporting.top_n: 0 (an integer) does not satisfy int & >0 (#Parameters)`) {
		t.Errorf("build --params reporting.top_n=0: exit %d\n%s%s", code, out, errOut)
	}
}

// TestTypedParamsJSONSchemaAgrees: the JSON Schema `kfc schema parameters`
// prints for editors accepts the example's merged parameters (`kfc config
// parameters -f json`), as kfc vet does, and refuses what vet refuses.
func TestTypedParamsJSONSchemaAgrees(t *testing.T) {
	dir := filepath.Join("..", "..", "examples", "spaceflights")
	validate := func(args ...string) func(string) error {
		js, errOut, code := runKfc(t, append([]string{"schema", "parameters", dir}, args...)...)
		if code != 0 {
			t.Fatalf("kfc schema parameters %v: exit %d\n%s", args, code, errOut)
		}
		doc, err := sjs.UnmarshalJSON(strings.NewReader(js))
		if err != nil {
			t.Fatal(err)
		}
		c := sjs.NewCompiler()
		c.DefaultDraft(sjs.Draft2020)
		if err := c.AddResource("kfc:parameters.schema.json", doc); err != nil {
			t.Fatal(err)
		}
		sch, err := c.Compile("kfc:parameters.schema.json")
		if err != nil {
			t.Fatal(err)
		}
		return func(instance string) error {
			inst, err := sjs.UnmarshalJSON(strings.NewReader(instance))
			if err != nil {
				t.Fatal(err)
			}
			return sch.Validate(inst)
		}
	}
	whole, partial := validate(), validate("--partial")
	params, errOut, code := runKfc(t, "config", "parameters", dir, "-f", "json")
	if code != 0 {
		t.Fatalf("kfc config parameters: exit %d\n%s", code, errOut)
	}
	for name, check := range map[string]func(string) error{"whole": whole, "partial": partial} {
		if err := check(params); err != nil {
			t.Errorf("%s schema refuses the example's parameters: %v", name, err)
		}
		if err := check(strings.Replace(params, `"test_size": 0.2`, `"test_size": 20`, 1)); err == nil {
			t.Errorf("%s schema accepts test_size 20", name)
		}
	}
	// One file of several: only the partial schema takes it.
	const one = `{"reporting": {"top_n": 3}}`
	if err := whole(one); err == nil {
		t.Error("the whole schema accepts parameters without model_options")
	}
	if err := partial(one); err != nil {
		t.Errorf("the partial schema refuses one file's parameters: %v", err)
	}
}
