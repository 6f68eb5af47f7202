package engine

import (
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
	} {
		if got := isExternal(&c.d); got != c.want {
			t.Errorf("isExternal(%s %s) = %v", c.d.Type, c.d.Path, got)
		}
	}
}
