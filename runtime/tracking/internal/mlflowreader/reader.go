// Package mlflowreader lets tests have MLflow's OWN store classes
// (SqlAlchemyStore, FileStore) read what kfc wrote, through the team's
// harness ../shared/tools/mlflow-reader. The harness needs MLflow's source
// (a git mirror CI does not have), so a test skips, with one line, when it
// is missing; Go-only golden tests cover the same ground in CI.
package mlflowreader

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// Python is Debian's interpreter, which sees the packages setup.sh installs.
const Python = "/usr/bin/python3"

// Dir is the harness folder: $KFC_MLFLOW_READER, else ../shared/tools/mlflow-reader
// beside the repository.
func Dir() string {
	if d := os.Getenv("KFC_MLFLOW_READER"); d != "" {
		return d
	}
	_, file, _, _ := runtime.Caller(0)
	repo := filepath.Join(filepath.Dir(file), "..", "..", "..", "..")
	return filepath.Join(repo, "..", "shared", "tools", "mlflow-reader")
}

// src is the MLflow source setup.sh prepared: $MLFLOW_CLIENT_SRC or /tmp/mlflow-client-src.
func src() string {
	if d := os.Getenv("MLFLOW_CLIENT_SRC"); d != "" {
		return d
	}
	return "/tmp/mlflow-client-src"
}

// Require skips t unless the harness, a prepared MLflow source and Debian's
// python3 are all present.
func Require(t testing.TB) {
	t.Helper()
	for _, p := range []string{filepath.Join(Dir(), "read_store.py"), filepath.Join(src(), ".kfc-setup-stamp"), Python} {
		if _, err := os.Stat(p); err != nil {
			t.Skipf("MLflow reader not available (%s missing; see ../shared/tools/mlflow-reader/README.md)", p)
		}
	}
}

// Run runs a Python script with MLflow's source importable and returns
// its stdout; a non-zero exit fails t with stderr.
func Run(t testing.TB, script string, args ...string) []byte {
	t.Helper()
	Require(t)
	s := src()
	cmd := exec.Command(Python, append([]string{script}, args...)...)
	cmd.Env = append(os.Environ(), "PYTHONPATH="+s+":"+s+"/_gen:"+s+"/_stubs", "MLFLOW_DISABLE_TELEMETRY=true", "DO_NOT_TRACK=true")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %v: %v\nstdout: %s\nstderr: %s", filepath.Base(script), args, err, out.String(), errb.String())
	}
	return out.Bytes()
}

// Doc is read_store.py's JSON document.
type Doc struct {
	Store       string           `json:"store"`
	Error       map[string]any   `json:"error"`
	Experiments []map[string]any `json:"experiments"`
	Runs        []struct {
		Info          map[string]any              `json:"info"`
		Params        map[string]string           `json:"params"`
		Tags          map[string]string           `json:"tags"`
		Metrics       map[string]map[string]any   `json:"metrics"`
		MetricHistory map[string][]map[string]any `json:"metric_history"`
	} `json:"runs"`
	SearchRuns struct {
		ActiveOnly []string `json:"active_only"`
	} `json:"search_runs"`
	Open map[string]any `json:"open"`
}

// Read has MLflow open uri (on a copy) and returns what it read.
func Read(t testing.TB, uri string) *Doc {
	t.Helper()
	out := Run(t, filepath.Join(Dir(), "read_store.py"), uri)
	var d Doc
	if err := json.Unmarshal(out, &d); err != nil {
		t.Fatalf("read_store.py output: %v\n%s", err, out)
	}
	if d.Error != nil {
		t.Fatalf("MLflow could not read %s: %v", uri, d.Error)
	}
	return &d
}

// Available reports whether Require would not skip.
func Available() bool {
	for _, p := range []string{filepath.Join(Dir(), "read_store.py"), filepath.Join(src(), ".kfc-setup-stamp"), Python} {
		if _, err := os.Stat(p); err != nil {
			return false
		}
	}
	return true
}
