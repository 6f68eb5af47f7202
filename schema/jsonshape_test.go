package schema_test

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/internal/schematest"
	"github.com/kfc-dev/kfc/schema"
)

const zeroHash = "sha256:0000000000000000000000000000000000000000000000000000000000000000"

// richPlan sets every optional field of #Plan at least once: the three
// command forms, an environment, every selector, a pattern dataset.
var richPlan = strings.ReplaceAll(`{
  "schema_version": "1", "kfc_version": "0.1.0", "env": "local", "pipeline": "__default__", "hash": "H",
  "project": {"name": "p", "package": "p", "mlproject": "MLproject"},
  "selectors": {"nodes": ["a"], "from_nodes": ["a"], "to_nodes": ["a"], "from_inputs": ["x"], "to_outputs": ["y"],
    "tags": ["t"], "namespaces": ["ns"], "params": "a=1", "load_versions": {"x": "2024-01-01T00.00.00.000Z"}},
  "parameters": {"a": 1, "b": {"c": [1.5, "s", null, true]}},
  "datasets": {
    "x": {"id": "dataset.x", "name": "x", "type": "pandas.CSVDataset", "path": "data/x.csv", "persisted": true,
      "versioned": true, "resolution": "pattern", "pattern": "{n}", "credentials": "db", "load_version": "v1",
      "config": {"filepath": "data/x.csv"}, "producer": "node.a", "consumers": ["node.b"], "hash": "H"}
  },
  "nodes": [
    {"id": "node.a", "name": "ns.a", "namespace": "ns", "tags": ["t"], "command": {"argv": ["python", "a.py"]},
     "inputs": [], "outputs": ["x"], "parameters": {"params:a": 1}, "depends_on": [], "hash": "H"},
    {"id": "node.b", "name": "b", "tags": [], "command": {"shell": "python b.py", "entry_point": "main"},
     "inputs": ["x"], "outputs": [], "parameters": {"-P:a": "1"}, "depends_on": ["node.a"],
     "environment": {"kind": "python_env", "file": "python_env.yaml", "digest": "H", "spec": "python_env.yaml"}, "hash": "H"},
    {"id": "node.c", "name": "c", "tags": [], "command": {"kedro": {"function": "p.nodes:f", "inputs": {"a": "x"},
       "outputs": ["y", "z"], "confirms": ["x"], "sources": [{"path": "src/p/nodes.py", "digest": "H"}]}},
     "inputs": ["x"], "outputs": [], "parameters": {}, "depends_on": ["node.a"], "hash": "H"}
  ]
}`, `"H"`, `"`+zeroHash+`"`)

// TestPlanShapeAgreesWithCUE holds #Plan compiled to Go to what unifying
// with #Plan in CUE answers, on two plans and every edit of them that
// deletes a key, adds one, or replaces a value with one of a set of
// probes (kinds, empty and prefixed strings, lists, mappings).
func TestPlanShapeAgreesWithCUE(t *testing.T) {
	probes := []any{nil, true, false, 1, 1.5, "", "x", "1", "..", "../x", "a/b", "node.x", "dataset.x", zeroHash, "md5:0",
		"params:a", "python_env", "explicit", "p.m:f", []any{}, []any{"x"}, []any{1}, map[string]any{}, map[string]any{"x": "y"},
		map[string]any{"argv": []any{"a"}}, map[string]any{"shell": "s"}}
	checked, refused := 0, 0
	for _, doc := range []string{schematest.ValidPlan, richPlan} {
		var root any
		if err := json.Unmarshal([]byte(doc), &root); err != nil {
			t.Fatal(err)
		}
		if v, err := schema.PlanVerdict([]byte(doc)); v != schema.Fits || err != nil {
			t.Fatalf("a valid plan: verdict %v (%v); CUE: %v", v, err, schema.UnifyPlan([]byte(doc)))
		}
		for _, edited := range edits(root, probes) {
			b, _ := json.Marshal(edited.doc)
			got, err := schema.PlanVerdict(b)
			if err != nil {
				t.Fatal(err)
			}
			want := schema.UnifyPlan(b)
			checked++
			if want != nil {
				refused++
			}
			if got == schema.Unsure || (got == schema.Fits) != (want == nil) {
				t.Errorf("%s: Go verdict %v, CUE: %v", edited.what, got, want)
			}
		}
	}
	if refused == 0 || refused == checked {
		t.Fatalf("%d of %d edits refused: the edits test nothing", refused, checked)
	}
	t.Logf("%d edited plans, %d refused by both", checked, refused)
}

// TestPlanShapeUnsureOnOddJSON: what the scanner does not read as strict
// JSON goes to CUE, whose message is the error.
func TestPlanShapeUnsureOnOddJSON(t *testing.T) {
	for _, doc := range []string{``, `{`, `{"a": 1,}`, `{"a": 01}`, "{\"a\": \"\x01\"}", `{"a": 1, "a": 1}`, "\xff", `{} {}`, `[1 2]`} {
		if v, _ := schema.PlanVerdict([]byte(doc)); v != schema.Unsure {
			t.Errorf("%q: verdict %v, want unsure", doc, v)
		}
		if schema.CheckPlan([]byte(doc)) == nil {
			t.Errorf("%q: accepted", doc)
		}
	}
}

type edit struct {
	what string
	doc  any
}

// edits returns root with one change each, at every path.
func edits(root any, probes []any) []edit {
	var out []edit
	var walk func(path string, v any, replace func(any) any, remove func() any)
	walk = func(path string, v any, replace func(any) any, remove func() any) {
		for _, p := range probes {
			out = append(out, edit{fmt.Sprintf("%s = %v", path, p), replace(p)})
		}
		if remove != nil {
			out = append(out, edit{"delete " + path, remove()})
		}
		switch v := v.(type) {
		case map[string]any:
			out = append(out, edit{"add " + path + ".zz_unknown", replace(with(v, "zz_unknown", "x"))})
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				walk(path+"."+k, v[k],
					func(n any) any { return replace(with(v, k, n)) },
					func() any { return replace(without(v, k)) })
			}
		case []any:
			out = append(out, edit{"append to " + path, replace(append(append([]any{}, v...), "x"))})
			for i := range v {
				walk(fmt.Sprintf("%s[%d]", path, i), v[i],
					func(n any) any { l := append([]any{}, v...); l[i] = n; return replace(l) },
					func() any { l := append(append([]any{}, v[:i]...), v[i+1:]...); return replace(l) })
			}
		}
	}
	walk("plan", root, func(n any) any { return n }, nil)
	return out
}

func with(m map[string]any, k string, v any) map[string]any {
	c := make(map[string]any, len(m)+1)
	for k2, v2 := range m {
		c[k2] = v2
	}
	c[k] = v
	return c
}

func without(m map[string]any, k string) map[string]any {
	c := make(map[string]any, len(m))
	for k2, v2 := range m {
		if k2 != k {
			c[k2] = v2
		}
	}
	return c
}

// bigPlan is a plan of n nodes each writing one dataset, shaped as kfc
// build writes them.
func bigPlan(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"schema_version": "1", "kfc_version": "0.1.0", "env": "local", "pipeline": "__default__", "hash": "` + zeroHash + `",
  "project": {"name": "p"}, "selectors": {}, "parameters": {"a": {"b": [1, 2.5, "x"]}}, "datasets": {`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `
    "ds_%d": {"id": "dataset.ds_%d", "name": "ds_%d", "type": "pandas.CSVDataset", "path": "data/ds_%d.csv", "persisted": true,
      "versioned": false, "resolution": "explicit", "config": {"filepath": "data/ds_%d.csv", "load_args": {"sep": ","}},
      "producer": "node.n_%d", "consumers": ["node.n_%d"], "hash": "%s"}`, i, i, i, i, i, i, i+1, zeroHash)
	}
	b.WriteString(`}, "nodes": [`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `
    {"id": "node.n_%d", "name": "n_%d", "tags": ["t"], "command": {"argv": ["python", "-m", "p.n", "--in", "data/ds_%d.csv"]},
     "inputs": ["ds_%d"], "outputs": ["ds_%d"], "parameters": {"params:a": {"b": [1, 2.5, "x"]}}, "depends_on": ["node.n_%d"], "hash": "%s"}`,
			i, i, i-1, i-1, i, i-1, zeroHash)
	}
	b.WriteString("]}\n")
	return []byte(b.String())
}

// BenchmarkCheckPlan: #Plan compiled to Go, on a 2,000-node plan (what
// kfc build and kfc exec pay per plan).
func BenchmarkCheckPlan(b *testing.B) {
	doc := bigPlan(2000)
	if err := schema.CheckPlan(doc); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(doc)))
	for b.Loop() {
		_ = schema.CheckPlan(doc)
	}
}

// BenchmarkUnifyPlan: the same plan unified with #Plan in CUE, as every
// check was before.
func BenchmarkUnifyPlan(b *testing.B) {
	doc := bigPlan(2000)
	b.SetBytes(int64(len(doc)))
	for b.Loop() {
		if err := schema.UnifyPlan(doc); err != nil {
			b.Fatal(err)
		}
	}
}
