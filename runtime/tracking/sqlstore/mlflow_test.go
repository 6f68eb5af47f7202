package sqlstore

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/runtime/tracking/internal/mlflowreader"

	"github.com/kfc-dev/kfc/runtime/tracking"
	"github.com/kfc-dev/kfc/runtime/tracking/internal/storetest"
)

func TestScenario(t *testing.T) {
	s, _ := openTemp(t)
	w := storetest.Scenario(t, s)
	storetest.CheckKfc(t, s, w)
	storetest.CheckArtifacts(t, s, w, t.TempDir())
	storetest.CheckRefusals(t, s, w,
		"Changing param values is not allowed. Params were already logged='[{'key': 'p', 'old_value': '1', 'new_value': '2'}]' for run ID='RUNID'.")
}

// TestMLflowReadsKfcDatabase: MLflow's own SqlAlchemyStore opens a database
// kfc created and wrote, and reads back every value.
func TestMLflowReadsKfcDatabase(t *testing.T) {
	storetest.RequireReader(t)
	s, path := openTemp(t)
	w := storetest.Scenario(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	storetest.CheckMLflow(t, "sqlite:///"+path, w)
}

// TestSchemaMatchesMLflow: the team's schema_compare.py finds no difference
// between a database kfc created and one MLflow's own code created at the
// same revision, made fresh by testdata/make_reference.py.
func TestSchemaMatchesMLflow(t *testing.T) {
	storetest.RequireReader(t)
	s, path := openTemp(t)
	s.Close()
	ref := filepath.Join(t.TempDir(), "ref.db")
	mlflowreader.Run(t, "testdata/make_reference.py", ref, Revision)
	out := mlflowreader.Run(t, filepath.Join(mlflowreader.Dir(), "schema_compare.py"), path, ref)
	if !strings.Contains(string(out), `"equal": true`) {
		t.Fatalf("schema differs from MLflow's:\n%s", out)
	}
}

// TestWritesDatabaseMLflowCreated: kfc logs into a database MLflow's
// SqlAlchemyStore created (at this MLflow's head, a newer revision with
// more columns), and MLflow reads the run back.
func TestWritesDatabaseMLflowCreated(t *testing.T) {
	storetest.RequireReader(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "mlflow.db")
	mlflowreader.Run(t, "testdata/make_store.py", path)
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	w := storetest.Scenario(t, s)
	storetest.CheckKfc(t, s, w)
	s.Close()
	storetest.CheckMLflow(t, "sqlite:///"+path, w)
}

func TestHelperProcess(t *testing.T) {
	storetest.HelperProcess(func(p string) (tracking.Store, error) { return Open(p) })
}

// TestConcurrentProcesses: four processes log into one run at once.
func TestConcurrentProcesses(t *testing.T) {
	s, path := openTemp(t)
	storetest.Concurrent(t, s, path, 4)
}

// TestKilledWriter: a writer SIGKILLed mid-batch leaves whole transactions
// only, and MLflow still opens the database.
func TestKilledWriter(t *testing.T) {
	s, path := openTemp(t)
	storetest.Killed(t, s, path)
	s.Close()
	if mlflowreader.Available() {
		mlflowreader.Read(t, "sqlite:///"+path)
	}
}

// TestUpstreamOpensWithoutMigration: MLflow at upstream's state before the
// fork's workspace migration (head bf29a5ff90ea, as in 3.6.0) opens a
// database kfc wrote without changing its schema or revision. It needs that
// source prepared by setup.sh, named by $KFC_MLFLOW_UPSTREAM_SRC
// (MLFLOW_COMMIT=046e2116…, the parent of the fork's workspace commit).
func TestUpstreamOpensWithoutMigration(t *testing.T) {
	src := os.Getenv("KFC_MLFLOW_UPSTREAM_SRC")
	if src == "" {
		t.Skip("KFC_MLFLOW_UPSTREAM_SRC not set (upstream MLflow source prepared by setup.sh)")
	}
	t.Setenv("MLFLOW_CLIENT_SRC", src)
	storetest.RequireReader(t)
	s, path := openTemp(t)
	w := storetest.Scenario(t, s)
	s.Close()
	doc := mlflowreader.Read(t, "sqlite:///"+path)
	if doc.Open["schema_changed"] != false || doc.Open["alembic_version_changed"] != false {
		t.Fatalf("MLflow migrated kfc's database: %v", doc.Open)
	}
	storetest.CheckMLflow(t, "sqlite:///"+path, w)
}
