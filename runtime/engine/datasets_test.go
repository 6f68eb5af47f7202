package engine

import (
	"encoding/json"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kfc-dev/kfc/compiler/plan"
)

func TestReplacePath(t *testing.T) {
	const p = "data/x.csv"
	for _, c := range []struct{ in, want string }{
		{"data/x.csv", "S"},
		{"--out=data/x.csv", "--out=S"},
		{"cp a data/x.csv", "cp a S"},
		{"cp 'data/x.csv' b", "cp 'S' b"},
		{`cp "data/x.csv"`, `cp "S"`},
		{"out:data/x.csv:more", "out:S:more"},
		{"tr a-z A-Z < data/words >data/x.csv; echo", "tr a-z A-Z < data/words >S; echo"},
		{"(cat data/x.csv|wc)", "(cat S|wc)"},
		{"data/x.csv.bak", "data/x.csv.bak"},
		{"mkdir data/x.csv; echo > data/x.csv/p1", "mkdir S; echo > S/p1"},
		{"backup/data/x.csv", "backup/data/x.csv"},
		{"mydata/x.csv", "mydata/x.csv"},
		{"data/x.csv data/x.csv2 data/x.csv", "S data/x.csv2 S"},
	} {
		if got := replacePath(c.in, p, "S"); got != c.want {
			t.Errorf("replacePath(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestStagingPaths(t *testing.T) {
	const id = "0123456789abcdef0123456789abcdef"
	var out []art
	for _, p := range []string{"data/02_intermediate/x.csv", "data/m/2024-01-01T00.00.00.000Z/model.pkl", "s3://b/k", "/tmp/y/z.json", "data/a/same.txt", "data/b/same.txt", "top.txt", "data/parts/"} {
		out = append(out, art{path: p, external: p == "s3://b/k"})
	}
	// A hidden sibling of each local output, its basename (and extension)
	// kept after the run's tag; outputs that share a basename are in
	// different folders, so their siblings are too.
	want := map[string]string{
		"data/02_intermediate/x.csv":                "data/02_intermediate/.kfc-0123456789abcdef.x.csv",
		"data/m/2024-01-01T00.00.00.000Z/model.pkl": "data/m/2024-01-01T00.00.00.000Z/.kfc-0123456789abcdef.model.pkl",
		"/tmp/y/z.json":                             "/tmp/y/.kfc-0123456789abcdef.z.json",
		"data/a/same.txt":                           "data/a/.kfc-0123456789abcdef.same.txt",
		"data/b/same.txt":                           "data/b/.kfc-0123456789abcdef.same.txt",
		"top.txt":                                   ".kfc-0123456789abcdef.top.txt",
		"data/parts/":                               "data/.kfc-0123456789abcdef.parts",
	}
	r := &run{id: id, p: &plan.Plan{}}
	got := r.stagingPaths(out)
	if len(got) != len(want) {
		t.Errorf("stagingPaths = %q, want %q", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("stagingPaths[%q] = %q, want %q", k, got[k], v)
		}
	}
}

// A basename too long for the tag keeps its extension, or only the tag.
func TestStagedNameFitsOneComponent(t *testing.T) {
	const id = "0123456789abcdef0123456789abcdef"
	long := strings.Repeat("n", 250)
	for _, c := range []struct{ final, want string }{
		{"d/" + long + ".csv", "d/.kfc-0123456789abcdef..csv"},
		{"d/x." + long, "d/.kfc-0123456789abcdef."},
	} {
		got := stagedName(id, c.final, "", "")
		if got != c.want {
			t.Errorf("stagedName(%q) = %q, want %q", c.final, got, c.want)
		}
		if len(path.Base(got)) > maxNameLen {
			t.Errorf("stagedName(%q) has a %d-byte name", c.final, len(path.Base(got)))
		}
	}
}

func TestLatestVersion(t *testing.T) {
	root := t.TempDir()
	for _, v := range []string{"2024-01-01T00.00.00.000Z", "2024-03-01T00.00.00.000Z"} {
		p := filepath.Join(root, "data/m.pkl", v, "m.pkl")
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("x"), 0o644)
	}
	// A newer folder without the file does not count (an interrupted save).
	os.MkdirAll(filepath.Join(root, "data/m.pkl/2025-01-01T00.00.00.000Z"), 0o755)
	if got := latestVersion(root, "data/m.pkl"); got != "2024-03-01T00.00.00.000Z" {
		t.Errorf("latestVersion = %q", got)
	}
	if got := latestVersion(root, "data/none"); got != "" {
		t.Errorf("latestVersion(missing) = %q", got)
	}
}

func TestRunIDSortsByTime(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	a, b := newRunID(t0), newRunID(t0.Add(time.Millisecond))
	if len(a) != 32 || strings.Trim(a, "0123456789abcdef") != "" || a[12] != '7' {
		t.Fatalf("run id %q is not 32 hex digits of a UUIDv7", a)
	}
	if a >= b {
		t.Errorf("run ids do not sort by time: %s >= %s", a, b)
	}
	if newRunID(t0) == a {
		t.Errorf("two run ids in the same millisecond are equal")
	}
	if v := saveVersion(t0.Add(123 * time.Millisecond)); v != "2026-01-02T03.04.05.123Z" {
		t.Errorf("saveVersion = %q", v)
	}
}

func TestIsExternal(t *testing.T) {
	for _, c := range []struct {
		d    plan.Dataset
		want bool
	}{
		{plan.Dataset{Path: "data/x.csv", Persisted: true, Type: "pandas.CSVDataset", Config: plan.RawValue(`{"filepath":"data/x.csv"}`)}, false},
		{plan.Dataset{Path: "s3://b/x.csv", Persisted: true, Type: "pandas.CSVDataset"}, true},
		{plan.Dataset{Path: "", Persisted: true, Type: "pandas.SQLTableDataset", Config: plan.RawValue(`{"table_name":"t"}`)}, true},
		{plan.Dataset{Path: "data/q.sql", Persisted: true, Type: "pandas.SQLQueryDataset", Config: plan.RawValue(`{"sql":"select 1"}`)}, true},
		{plan.Dataset{Path: "data/t.db", Persisted: true, Type: "my.TableDataset", Config: plan.RawValue(`{"table_name":"t"}`)}, true},
		{plan.Dataset{Path: ".kfc/runs/{run_id}/data/m", Persisted: false, Type: "MemoryDataset"}, false},
		{plan.Dataset{Path: "data/q.txt", Persisted: true, Type: "my.Q", Config: plan.RawValue(`{"query":"q"}`)}, true},
		// the key names only as values, or nested: not external
		{plan.Dataset{Path: "data/n.txt", Persisted: true, Type: "my.N", Config: plan.RawValue(`{"filepath":"data/n.txt","note":"query sql table_name"}`)}, false},
		{plan.Dataset{Path: "data/n.txt", Persisted: true, Type: "my.N", Config: plan.RawValue(`{"load_args":{"query":"q"}}`)}, false},
	} {
		if got := isExternal(&c.d); got != c.want {
			t.Errorf("isExternal(%s %s) = %v", c.d.Type, c.d.Path, got)
		}
	}
}

// KFC_INPUTS and KFC_OUTPUTS are what encoding/json gives the map (HTML
// characters aside, which a JSON reader decodes the same): keys sorted,
// each once.
func TestPathsJSONIsTheMapsJSON(t *testing.T) {
	for _, arts := range [][]art{
		nil,
		{{name: "a", path: "data/a.csv"}},
		{{name: "b", path: `d/"q".txt`}, {name: "a", path: "d/\u00e9\n.txt"}},
		{{name: "x", path: "p"}, {name: "x", path: "p"}, {name: "w", path: "q"}},
	} {
		m := map[string]string{}
		for _, a := range arts {
			m[a.name] = a.path
		}
		want, _ := json.Marshal(m)
		if got := pathsJSON(nil, arts, func(a art) string { return a.path }); string(got) != string(want) {
			t.Errorf("pathsJSON(%v) = %s, want %s", arts, got, want)
		}
	}
}

// An output inside another dataset's folder (a PartitionedDataset's) is
// staged beside the outermost such folder, never in it; a versioned
// output's own <path>/ and a transcoded twin are not other datasets.
func TestStagedOutsideOtherDatasetsFolders(t *testing.T) {
	const id = "0123456789abcdef0123456789abcdef"
	ds := map[string]*plan.Dataset{
		"reports":   {Name: "reports", Path: "data/08_reporting", Persisted: true},
		"plots":     {Name: "plots", Path: "data/08_reporting/plots", Persisted: true},
		"summary":   {Name: "summary", Path: "data/08_reporting/plots/summary.csv", Persisted: true},
		"model":     {Name: "model", Path: "data/06_models/model.pkl", Persisted: true, Versioned: true},
		"x@pandas":  {Name: "x@pandas", Path: "data/x.csv", Persisted: true},
		"x@spark":   {Name: "x@spark", Path: "data/x.csv", Persisted: true},
		"scratch":   {Name: "scratch", Path: ".kfc/runs/{run_id}/data/s.csv"},
		"run_tree":  {Name: "run_tree", Path: ".kfc/runs/{run_id}/data"},
		"elsewhere": {Name: "elsewhere", Path: "s3://b/data/08_reporting"},
	}
	r := &run{id: id, p: &plan.Plan{Datasets: ds}}
	out := func(name, p string) art { return art{name: name, d: ds[name], path: p} }
	for _, c := range []struct {
		a    art
		want string
	}{
		{out("summary", "data/08_reporting/plots/summary.csv"), "data/.kfc-0123456789abcdef.summary+summary.csv"},
		{out("plots", "data/08_reporting/plots"), "data/.kfc-0123456789abcdef.plots+plots"},
		{out("reports", "data/08_reporting"), "data/.kfc-0123456789abcdef.08_reporting"},
		{out("model", "data/06_models/model.pkl/V1/model.pkl"), "data/06_models/model.pkl/V1/.kfc-0123456789abcdef.model.pkl"},
		{out("x@spark", "data/x.csv"), "data/.kfc-0123456789abcdef.x.csv"},
		{out("scratch", ".kfc/runs/"+id+"/data/s.csv"), ".kfc/runs/" + id + "/.kfc-0123456789abcdef.scratch+s.csv"},
	} {
		if got := r.stagingPaths([]art{c.a})[c.a.path]; got != c.want {
			t.Errorf("%s at %s: staged at %q, want %q", c.a.name, c.a.path, got, c.want)
		}
	}
}
