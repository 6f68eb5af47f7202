package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/runtime/stamp"
	"github.com/kfc-dev/kfc/runtime/tracking/sqlstore"
	"github.com/kfc-dev/kfc/runtime/tracking/where"
)

// runsIn is the number of runs of every experiment of the SQLite store db.
func runsIn(t *testing.T, db string) int {
	t.Helper()
	st, err := sqlstore.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	exps, err := st.ListExperiments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range exps {
		ids = append(ids, e.ID)
	}
	runs, err := st.SearchRuns(ctx, ids, 0)
	if err != nil {
		t.Fatal(err)
	}
	return len(runs)
}

// The stamp names the SQLite store its run tracked into, and the next run
// opens it while it walks the project; a run that resolves another store
// tracks there and leaves the stamp's alone.
func TestEarlyStoreIsTheStampsStore(t *testing.T) {
	dir := stampedProject(t)
	db := filepath.Join(dir, "mlflow.db")
	stamps, _ := filepath.Glob(filepath.Join(dir, filepath.FromSlash(stamp.Dir), "*[0-9a-f].json")) // not the copies
	if len(stamps) != 1 {
		t.Fatalf("stamps: %v", stamps)
	}
	var s stamp.Stamp
	if err := json.Unmarshal(readFile(t, stamps[0]), &s); err != nil {
		t.Fatal(err)
	}
	if p, _ := where.SQLitePath(s.Store); !strings.HasPrefix(s.Store, "sqlite:///") || p != db {
		t.Fatalf("the stamp's store: %q, want the one at %s", s.Store, db)
	}
	before := runsIn(t, db)
	if _, _, dbg := stampRun(t, dir); dbg != "up to date, replayed" {
		t.Fatalf("fast run: %q", dbg)
	}
	if n := runsIn(t, db); n != before+1 {
		t.Fatalf("the fast run tracked %d runs into the stamp's store, want 1", n-before)
	}

	other := filepath.Join(t.TempDir(), "other.db")
	t.Setenv("MLFLOW_TRACKING_URI", "sqlite:///"+filepath.ToSlash(other))
	stampRun(t, dir)
	if n := runsIn(t, db); n != before+1 {
		t.Errorf("a run tracked elsewhere wrote %d runs into the stamp's store", n-before-1)
	}
	if n := runsIn(t, other); n != 1 {
		t.Errorf("%d runs in the store the run resolved, want 1", n)
	}
}

// openEarly opens only an SQLite database that exists: it never creates
// one (the run may track elsewhere), nor opens another kind of store.
func TestOpenEarlyOnlyAnExistingDatabase(t *testing.T) {
	dir := t.TempDir()
	if s := openEarly("sqlite:///mlflow.db", dir); s != nil {
		s.discard()
		t.Fatal("opened a database that does not exist")
	}
	if _, err := os.Stat(filepath.Join(dir, "mlflow.db")); err == nil {
		t.Fatal("openEarly created the database")
	}
	if s := openEarly("file:"+dir, dir); s != nil {
		s.discard()
		t.Fatal("opened a FileStore")
	}
	st, err := sqlstore.Open(filepath.Join(dir, "mlflow.db"))
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	s := openEarly("sqlite:///mlflow.db", dir)
	if s == nil || !s.is("sqlite:///mlflow.db", dir) || s.is("sqlite:///mlflow.db", dir+"/x") {
		t.Fatalf("openEarly of an existing database: %+v", s)
	}
	if o, ok := s.take(); !ok || o.err != nil || o.st == nil {
		t.Fatalf("open: %v", o.err)
	} else {
		o.st.Close()
	}
	if _, ok := s.take(); ok {
		t.Error("a store taken twice")
	}
	s.discard() // taken: nothing to close
}
