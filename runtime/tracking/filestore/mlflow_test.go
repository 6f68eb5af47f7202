package filestore

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/runtime/tracking"
	"github.com/kfc-dev/kfc/runtime/tracking/internal/mlflowreader"
	"github.com/kfc-dev/kfc/runtime/tracking/internal/storetest"
)

func openTemp(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "mlruns"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestScenario(t *testing.T) {
	s := openTemp(t)
	w := storetest.Scenario(t, s)
	storetest.CheckKfc(t, s, w)
	storetest.CheckArtifacts(t, s, w, t.TempDir())
	storetest.CheckRefusals(t, s, w,
		"Changing param values is not allowed. Param with key='p' was already logged with value='1' for run ID='RUNID'. Attempted logging new value '2'.")
}

// TestMLflowReadsKfcFileStore: MLflow's own FileStore reads a folder kfc
// created and wrote, and reads back every value.
func TestMLflowReadsKfcFileStore(t *testing.T) {
	storetest.RequireReader(t)
	s := openTemp(t)
	w := storetest.Scenario(t, s)
	storetest.CheckMLflow(t, "file://"+s.Root(), w)
}

func TestHelperProcess(t *testing.T) {
	storetest.HelperProcess(func(p string) (tracking.Store, error) { return Open(p) })
}

// TestConcurrentProcesses: four processes log into one run at once.
func TestConcurrentProcesses(t *testing.T) {
	s := openTemp(t)
	storetest.Concurrent(t, s, s.Root(), 4)
}

func TestOpenBadInput(t *testing.T) {
	f := filepath.Join(t.TempDir(), "mlruns")
	if err := os.WriteFile(f, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(f); err == nil || !strings.Contains(err.Error(), "is a file, not a folder") {
		t.Errorf("file root: %v", err)
	}
	if _, err := Open("file://otherhost/mlruns"); err == nil || !strings.Contains(err.Error(), "only local file: URIs") {
		t.Errorf("remote file URI: %v", err)
	}
	s, err := Open("file:" + filepath.Join(t.TempDir(), "a b", "mlruns"))
	if err != nil {
		t.Fatal(err)
	}
	e, err := s.GetExperimentByName(context.Background(), "Default")
	if err != nil || e == nil || !strings.HasSuffix(e.ArtifactLocation, "/a%20b/mlruns/0") || e.ID != "0" {
		t.Errorf("Default experiment = %+v, %v", e, err)
	}
}

// TestKilledWriter: a writer SIGKILLed mid-batch leaves whole files only
// (no temporary file where MLflow would read it as a key), and MLflow
// still reads the run.
func TestKilledWriter(t *testing.T) {
	s := openTemp(t)
	id := storetest.Killed(t, s, s.Root())
	dir, err := s.runDir(id)
	if err != nil {
		t.Fatal(err)
	}
	for _, sub := range []string{paramsFolder, tagsFolder, metricsFolder} {
		entries, _ := os.ReadDir(filepath.Join(dir, sub))
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".") {
				t.Errorf("%s/%s left behind", sub, e.Name())
			}
		}
	}
	if mlflowreader.Available() {
		mlflowreader.Read(t, "file://"+s.Root())
	}
}

// TestUpstreamReadsKfcFileStore: upstream MLflow's FileStore (source named
// by $KFC_MLFLOW_UPSTREAM_SRC, as in the sqlstore test) reads kfc's folder,
// which has no fork-only workspace lines.
func TestUpstreamReadsKfcFileStore(t *testing.T) {
	src := os.Getenv("KFC_MLFLOW_UPSTREAM_SRC")
	if src == "" {
		t.Skip("KFC_MLFLOW_UPSTREAM_SRC not set (upstream MLflow source prepared by setup.sh)")
	}
	t.Setenv("MLFLOW_CLIENT_SRC", src)
	storetest.RequireReader(t)
	s := openTemp(t)
	w := storetest.Scenario(t, s)
	storetest.CheckMLflow(t, "file://"+s.Root(), w)
}

// SearchRunningRuns lists the RUNNING runs only (storetest.RunningRuns).
func TestSearchRunningRuns(t *testing.T) {
	storetest.RunningRuns(t, openTemp(t))
}
