package cli

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
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
