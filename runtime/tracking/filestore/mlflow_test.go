package filestore

import (
	"path/filepath"
	"testing"

	"github.com/kfc-dev/kfc/runtime/tracking"
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
