package engine

import (
	"fmt"
	"os"
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

func TestStagingPath(t *testing.T) {
	for _, c := range []struct{ p, want string }{
		{"data/x.csv", ".kfc/runs/R/staging/node.a/data/x.csv"},
		{"/tmp/y/z.json", ".kfc/runs/R/staging/node.a/abs/tmp/y/z.json"},
		{"../shared/z", ".kfc/runs/R/staging/node.a/__/shared/z"},
	} {
		if got := stagingPath("R", "node.a", c.p); got != c.want {
			t.Errorf("stagingPath(%q) = %q, want %q", c.p, got, c.want)
		}
	}
}

func TestStagingPaths(t *testing.T) {
	arts := func(paths ...string) []art {
		var out []art
		for _, p := range paths {
			out = append(out, art{path: p, external: p == "s3://b/k"})
		}
		return out
	}
	for _, c := range []struct {
		paths []string
		want  map[string]string
	}{
		{ // one folder a run (node.a's shard of it), the node id and the basename in each name
			[]string{"data/02_intermediate/x.csv", "data/m/2024-01-01T00.00.00.000Z/model.pkl", "s3://b/k", "/tmp/y/z.json"},
			map[string]string{
				"data/02_intermediate/x.csv":                ".kfc/runs/R/staging/" + shardOf("node.a") + "/node.a+x.csv",
				"data/m/2024-01-01T00.00.00.000Z/model.pkl": ".kfc/runs/R/staging/" + shardOf("node.a") + "/node.a+model.pkl",
				"/tmp/y/z.json":                             ".kfc/runs/R/staging/" + shardOf("node.a") + "/node.a+z.json",
			},
		},
		{ // a shared basename: whole paths for every output of the node
			[]string{"data/a/x.csv", "data/b/x.csv", "data/c.csv"},
			map[string]string{
				"data/a/x.csv": ".kfc/runs/R/staging/node.a/data/a/x.csv",
				"data/b/x.csv": ".kfc/runs/R/staging/node.a/data/b/x.csv",
				"data/c.csv":   ".kfc/runs/R/staging/node.a/data/c.csv",
			},
		},
		{ // a final path that names no file of its own
			[]string{".."},
			map[string]string{"..": ".kfc/runs/R/staging/node.a/__"},
		},
	} {
		got, _ := stagingPaths("R", "node.a", arts(c.paths...))
		if len(got) != len(c.want) {
			t.Errorf("stagingPaths(%q) = %q, want %q", c.paths, got, c.want)
		}
		for k, v := range c.want {
			if got[k] != v {
				t.Errorf("stagingPaths(%q)[%q] = %q, want %q", c.paths, k, got[k], v)
			}
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

// Shards are one hex digit, the same for a node every time, and spread a
// run's nodes evenly enough that two nodes rarely share one.
func TestShardOfSpreads(t *testing.T) {
	count := map[string]int{}
	for i := 0; i < 1000; i++ {
		id := fmt.Sprintf("node.n%04d", i)
		s := shardOf(id)
		if len(s) != 1 || !strings.Contains("0123456789abcdef", s) || shardOf(id) != s {
			t.Fatalf("shardOf(%q) = %q", id, s)
		}
		count[s]++
	}
	if len(count) != stagingShards {
		t.Fatalf("%d shards used, want %d: %v", len(count), stagingShards, count)
	}
	for s, n := range count {
		if n > 2*1000/stagingShards {
			t.Errorf("shard %s holds %d of 1000 nodes", s, n)
		}
	}
}
