package kedroimport

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// realKedro returns the interpreter and environment that run Kedro from
// source checkouts, or skips the test.
func realKedro(t *testing.T) (string, []string) {
	t.Helper()
	path := os.Getenv("KFC_KEDRO_PYTHONPATH")
	if path == "" {
		t.Skip("needs Kedro: set KFC_KEDRO_PYTHONPATH to checkouts of kedro and kedro-datasets (docs/kedro.md#tests)")
	}
	python := os.Getenv("KFC_PYTHON")
	if python == "" {
		python = "python3"
	}
	return python, append(os.Environ(), "PYTHONPATH="+path)
}

// TestSnapshotWithRealKedro: the script, run by a real Kedro on the test
// project, prints exactly the recorded snapshot the CI tests use, and the
// file written from it round-trips.
func TestSnapshotWithRealKedro(t *testing.T) {
	python, env := realKedro(t)
	got, err := Take(context.Background(), python, "../../testdata/projects/kedro-spaceflights", env)
	if err != nil {
		t.Fatal(err)
	}
	want := recorded(t)
	if !reflect.DeepEqual(got, want) {
		b, _ := json.MarshalIndent(got, "", " ")
		t.Fatalf("Kedro's snapshot is not testdata/spaceflights.json any more; got:\n%s", b)
	}
	out, err := Write(got)
	if err != nil {
		t.Fatal(err)
	}
	if diffs := Compare(parseFile(t, out), got); len(diffs) > 0 {
		t.Fatal(strings.Join(diffs, "\n"))
	}
}

// TestSnapshotUnnamedFunctions: lambdas, partials and closures are
// reported per node by Kedro's real objects, a plain function is not.
func TestSnapshotUnnamedFunctionsRealKedro(t *testing.T) {
	python, env := realKedro(t)
	dir := t.TempDir()
	files := map[string]string{
		"pyproject.toml":           "[tool.kedro]\npackage_name = \"oddities\"\nproject_name = \"oddities\"\nkedro_init_version = \"1.5.0\"\n",
		"conf/base/catalog.yml":    "{}\n",
		"conf/local/.keep":         "",
		"src/oddities/__init__.py": "",
		"src/oddities/settings.py": "",
		"src/oddities/pipeline_registry.py": `import functools

from kedro.pipeline import Node, Pipeline


def plain(x):
    return x


def scale(x, factor):
    return x * factor


def make_adder(n):
    def add(x):
        return x + n
    return add


def register_pipelines():
    p = Pipeline([
        Node(plain, "a", "b", name="plain"),
        Node(lambda x: x, "b", "c", name="with_lambda"),
        Node(functools.partial(scale, factor=2), "c", "d", name="with_partial"),
        Node(make_adder(1), "d", "e", name="with_closure"),
    ])
    return {"__default__": p}
`,
	}
	for name, body := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, err := Take(context.Background(), python, dir, env)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Write(s)
	var ue *UnnamedError
	if err == nil || !asUnnamed(err, &ue) {
		t.Fatalf("want an UnnamedError, got %v", err)
	}
	got := strings.Join(ue.Nodes, "\n")
	for _, want := range []string{
		`node "with_closure" (pipeline __default__): its function is a closure (defined inside make_adder)`,
		`node "with_lambda" (pipeline __default__): its function is a lambda`,
		`node "with_partial" (pipeline __default__): its function is a functools.partial`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if strings.Contains(got, `"plain"`) || len(ue.Nodes) != 3 {
		t.Errorf("want exactly the three unnamed nodes:\n%s", got)
	}
}

func asUnnamed(err error, target **UnnamedError) bool {
	ue, ok := err.(*UnnamedError)
	*target = ue
	return ok
}
