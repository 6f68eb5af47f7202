package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/internal/py"
	"github.com/kfc-dev/kfc/runtime/tracking"
)

// TestSchemaGolden: the sqlite_master of a database kfc creates equals, row
// for row and in order, that of a database MLflow's own code created at
// bf29a5ff90ea (testdata/mlflow_sqlite_master.golden, from
// testdata/make_reference.py), including SQLite's automatic indexes.
func TestSchemaGolden(t *testing.T) {
	s, _ := openTemp(t)
	rows, err := s.db.Query(`SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master ORDER BY rowid`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var typ, name, tbl, text string
		if err := rows.Scan(&typ, &name, &tbl, &text); err != nil {
			t.Fatal(err)
		}
		got = append(got, typ+"|"+name+"|"+tbl+"|"+strings.ReplaceAll(text, "\n", `\n`))
	}
	data, err := os.ReadFile("testdata/mlflow_sqlite_master.golden")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if !strings.HasPrefix(l, "#") {
			want = append(want, l)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%d schema objects, MLflow has %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("object %d:\n got %s\nwant %s", i, got[i], want[i])
		}
	}
}

// rowTables are the tables and columns kfc writes, as make_rows.py dumps them.
var rowTables = map[string][]string{
	"experiments":     {"experiment_id", "name", "artifact_location", "lifecycle_stage", "creation_time", "last_update_time"},
	"experiment_tags": {"key", "value", "experiment_id"},
	"runs": {"run_uuid", "name", "source_type", "source_name", "entry_point_name", "user_id", "status", "start_time",
		"end_time", "source_version", "lifecycle_stage", "artifact_uri", "experiment_id", "deleted_time"},
	"params":         {"key", "value", "run_uuid"},
	"tags":           {"key", "value", "run_uuid"},
	"metrics":        {"key", "value", "timestamp", "run_uuid", "step", "is_nan"},
	"latest_metrics": {"key", "value", "timestamp", "step", "is_nan", "run_uuid"},
}

// dumpRows is make_rows.py's dump_rows: each row as "table 'col=type:value' ...",
// reals as Python's repr, sorted.
func dumpRows(t *testing.T, db *sql.DB) []string {
	t.Helper()
	var out []string
	for table, cols := range rowTables {
		var sel []string
		for _, c := range cols {
			sel = append(sel, fmt.Sprintf(`"%s", typeof("%s")`, c, c))
		}
		rows, err := db.Query(`SELECT ` + strings.Join(sel, ", ") + ` FROM ` + table)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			vals := make([]any, 2*len(cols))
			ptrs := make([]any, len(vals))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			line := table
			for i, c := range cols {
				typ := vals[2*i+1].(string)
				var v string
				switch x := vals[2*i].(type) {
				case nil:
				case float64:
					v = py.FloatRepr(x)
				case int64:
					v = strconv.FormatInt(x, 10)
				case string:
					v = x
				case []byte:
					v = string(x)
				}
				line += " " + py.Repr(c+"="+typ+":"+v)
			}
			out = append(out, line)
		}
		rows.Close()
	}
	sort.Strings(out)
	return out
}

// TestRowsMatchSqlAlchemyStore: for the same operations, kfc's rows (values
// and SQLite storage types) equal the ones MLflow's SqlAlchemyStore wrote
// (testdata/mlflow_rows.golden, from testdata/make_rows.py).
func TestRowsMatchSqlAlchemyStore(t *testing.T) {
	ids := []string{"0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"}
	s, err := OpenWith(filepath.Join(t.TempDir(), "mlflow.db"), Options{ArtifactRoot: "/ART/mlruns",
		now: func() int64 { return 1700000000000 },
		newRunID: func() string {
			id := ids[0]
			ids = ids[1:]
			return id
		}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	e, err := s.CreateExperiment(ctx, "exp", "", []tracking.Tag{{Key: "team", Value: "ml"}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.CreateRun(ctx, tracking.CreateRunRequest{ExperimentID: e, UserID: "ana", StartTime: 1000, RunName: "train",
		Tags: []tracking.Tag{{Key: "mlflow.user", Value: "ana"}}})
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.LogBatch(ctx, r.RunID, []tracking.Metric{{Key: "loss", Value: 0.5, Timestamp: 10}, {Key: "loss", Value: math.Inf(1), Timestamp: 11, Step: 1},
		{Key: "loss", Value: 9, Timestamp: 5}, {Key: "nan", Value: math.NaN(), Timestamp: 1}, {Key: "neg", Value: math.Inf(-1), Timestamp: 3, Step: -1},
		{Key: "loss", Value: 0.5, Timestamp: 10}},
		[]tracking.Param{{Key: "alpha", Value: "0.1"}, {Key: "model/depth", Value: "3"}}, []tracking.Tag{{Key: "k", Value: "v"}}))
	must(s.LogBatch(ctx, r.RunID, []tracking.Metric{{Key: "loss", Value: 0.5, Timestamp: 10}, {Key: "nan", Value: 2, Timestamp: 1}}, nil,
		[]tracking.Tag{{Key: "mlflow.runName", Value: "renamed"}, {Key: "k", Value: "v2"}}))
	must(s.UpdateRun(ctx, r.RunID, tracking.StatusFinished, 2000))
	_, err = s.CreateRun(ctx, tracking.CreateRunRequest{ExperimentID: "0", UserID: "bob", StartTime: 3000, Tags: []tracking.Tag{{Key: "mlflow.runName", Value: "second"}}})
	must(err)

	got := dumpRows(t, s.db)
	data, err := os.ReadFile("testdata/mlflow_rows.golden")
	must(err)
	want := strings.Split(strings.TrimSpace(string(data)), "\n")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows differ from SqlAlchemyStore's:\n got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
