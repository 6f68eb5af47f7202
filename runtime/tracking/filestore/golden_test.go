package filestore

import (
	"context"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/runtime/tracking"
)

// goldenRoot is where testdata/golden/make_golden.py had MLflow's own
// FileStore write testdata/golden/mlruns; the test writes the same
// operations elsewhere and compares bytes with this path replaced.
const goldenRoot = "/tmp/kfc-golden/mlruns"

// queue returns a generator handing out ids in order.
func queue(ids ...string) func() string {
	return func() string {
		id := ids[0]
		ids = ids[1:]
		return id
	}
}

// writeGoldenOps repeats make_golden.py's operations through kfc's store.
func writeGoldenOps(t *testing.T, root string) {
	t.Helper()
	ctx := context.Background()
	s, err := open(root, &Store{
		now:      func() int64 { return 1700000000000 },
		newRunID: queue("0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
		newExpID: queue("123456789012345678", "987654321098765432"),
	})
	if err != nil {
		t.Fatal(err)
	}
	e, err := s.CreateExperiment(ctx, "my exp", "", []tracking.Tag{{Key: "team", Value: "ml"}, {Key: "a/b", Value: "nested"}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.CreateRun(ctx, tracking.CreateRunRequest{ExperimentID: e, UserID: "ana", StartTime: 1700000000123,
		Tags: []tracking.Tag{{Key: "kfc.pipeline", Value: "__default__"}}, RunName: "train"})
	if err != nil {
		t.Fatal(err)
	}
	vals := []float64{1.0, 1e-05, 1e16, math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1), 0.1, 100000000000000.0,
		123456789.12345679, 0.30000000000000004, 1.2345678901234567e+19, 5e-324, 2.5}
	var ms []tracking.Metric
	for i, v := range vals {
		ms = append(ms, tracking.Metric{Key: "m", Value: v, Timestamp: 1700000000200 + int64(i), Step: int64(i)})
	}
	if err := s.LogBatch(ctx, r.RunID, ms,
		[]tracking.Param{{Key: "alpha", Value: "0.5"}, {Key: "nested/p", Value: "x"}, {Key: "empty", Value: ""}},
		[]tracking.Tag{{Key: "t", Value: "line1\nline2"}, {Key: "dir/sub/tag", Value: "v"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.LogBatch(ctx, r.RunID, []tracking.Metric{{Key: "loss", Value: 0.5, Timestamp: 1700000000300, Step: -1}}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateRun(ctx, r.RunID, tracking.StatusFinished, 1700000000999); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateRun(ctx, tracking.CreateRunRequest{ExperimentID: "0", UserID: "123", StartTime: 5, RunName: "yes"}); err != nil {
		t.Fatal(err)
	}
	e2, err := s.CreateExperiment(ctx, strings.Repeat("a long experiment name, ", 5)+"end", "/somewhere/else", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateRun(ctx, tracking.CreateRunRequest{ExperimentID: e2, UserID: "o'brien", StartTime: 7,
		Tags: []tracking.Tag{{Key: "mlflow.runName", Value: "2024-01-01"}}}); err != nil {
		t.Fatal(err)
	}
}

// TestGoldenBytes: every file kfc writes equals, byte for byte, the one
// upstream MLflow's FileStore wrote for the same operations, with one
// documented difference: kfc keeps "run_uuid" in run meta.yaml (MLflow 2.x
// readers need it; MLflow 3 ignores it). Every folder MLflow made exists too.
func TestGoldenBytes(t *testing.T) {
	root := filepath.Join(t.TempDir(), "mlruns")
	writeGoldenOps(t, root)
	abs, _ := filepath.Abs(root)
	golden := filepath.Join("testdata", "golden", "mlruns")
	want := map[string]string{}
	err := filepath.WalkDir(golden, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(golden, p)
		text := strings.ReplaceAll(string(data), goldenRoot, filepath.ToSlash(abs))
		if filepath.Base(p) == "meta.yaml" && strings.Contains(text, "\nrun_id: ") {
			id := filepath.Base(filepath.Dir(p))
			i := strings.Index(text, "\nsource_name: ")
			text = text[:i] + "\nrun_uuid: " + id + text[i:]
		}
		want[filepath.ToSlash(rel)] = text
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		got[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for k, w := range want {
		if g, ok := got[k]; !ok {
			t.Errorf("%s: not written", k)
		} else if g != w {
			t.Errorf("%s:\n got %q\nwant %q", k, g, w)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: written, but MLflow writes no such file", k)
		}
	}
	for _, d := range []string{".trash", "0/fedcba9876543210fedcba9876543210/artifacts", "0/fedcba9876543210fedcba9876543210/params",
		"0/fedcba9876543210fedcba9876543210/metrics", "987654321098765432/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/artifacts"} {
		if st, err := os.Stat(filepath.Join(root, d)); err != nil || !st.IsDir() {
			t.Errorf("folder %s missing", d)
		}
	}
}
