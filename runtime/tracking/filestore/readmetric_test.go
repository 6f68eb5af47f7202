package filestore

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A metric file is read with Python's float(), as MLflow's
// _get_metric_from_line reads it: 1_000 is a thousand, 0x1p3 (which Go's
// strconv.ParseFloat would take as 8) makes the file unreadable.
func TestReadMetricReadsValuesAsPythonFloat(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m")
	if err := os.WriteFile(path, []byte("1 1_000 0\n2 -inf 1\n3 2.5e-3 2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := readMetric(path, "m")
	if err != nil || len(got) != 3 || got[0].Value != 1000 || !math.IsInf(got[1].Value, -1) || got[2].Value != 0.0025 {
		t.Fatalf("readMetric = %+v, %v", got, err)
	}
	if err := os.WriteFile(path, []byte("1 0x1p3 0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readMetric(path, "m"); err == nil || !strings.Contains(err.Error(), "could not convert string to float: '0x1p3'") {
		t.Fatalf("0x1p3: err = %v", err)
	}
}

// The fields are what MLflow 3.6's _get_metric_from_line takes: the
// stripped line split on single spaces (a double space is a malformed
// line), and a five-field line (with dataset name and digest) has step 0,
// since MLflow reads the step only from a three-field line.
func TestReadMetricFieldsAsMLflowSplitsThem(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m")
	if err := os.WriteFile(path, []byte("5 1.5 7 train abc123\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := readMetric(path, "m")
	if err != nil || len(got) != 1 || got[0].Step != 0 || got[0].Value != 1.5 {
		t.Fatalf("five fields: %+v, %v", got, err)
	}
	for bad, want := range map[string]string{
		"5  1.5\n":       "could not convert string to float: ''", // fields "5", "", "1.5"
		"5 1.5\n\n6 2\n": "contained 1 fields. Expected 2, 3, or 5 fields",
	} {
		if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := readMetric(path, "m"); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err = %v, want %q", bad, err, want)
		}
	}
}
