package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/runtime/tracking"
	"github.com/kfc-dev/kfc/runtime/tracking/internal/storetest"
	"github.com/kfc-dev/kfc/runtime/tracking/localstore"
)

func openTemp(t *testing.T) (*Store, string) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "mlflow.db")
	s, err := OpenWith(path, Options{ArtifactRoot: filepath.ToSlash(filepath.Join(dir, "mlruns"))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func TestNewDatabaseHasDefaultExperiment(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	e, err := s.GetExperimentByName(ctx, "Default")
	if err != nil || e == nil {
		t.Fatalf("Default experiment: %v %v", e, err)
	}
	if e.ID != "0" || e.LifecycleStage != "active" || !strings.HasSuffix(e.ArtifactLocation, "/mlruns/0") || e.CreationTime == 0 || e.CreationTime != e.LastUpdateTime {
		t.Fatalf("Default experiment = %+v", e)
	}
	var rev, mode string
	if err := s.db.QueryRow(`SELECT version_num FROM alembic_version`).Scan(&rev); err != nil || rev != Revision {
		t.Fatalf("alembic_version = %q, %v", rev, err)
	}
	if err := s.db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q, %v", mode, err)
	}
}

func TestRunLifecycle(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	id, err := s.CreateExperiment(ctx, "exp", "", []tracking.Tag{{Key: "team", Value: "ml"}})
	if err != nil || id != "1" {
		t.Fatalf("CreateExperiment = %q, %v", id, err)
	}
	if _, err := s.CreateExperiment(ctx, "exp", "", nil); !hasCode(err, localstore.ResourceAlreadyExists) {
		t.Fatalf("duplicate experiment: %v", err)
	}
	info, err := s.CreateRun(ctx, tracking.CreateRunRequest{ExperimentID: id, UserID: "ana", RunName: "train", StartTime: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(info.RunID) != 32 || !strings.HasSuffix(info.ArtifactURI, "/mlruns/1/"+info.RunID+"/artifacts") {
		t.Fatalf("run info = %+v", info)
	}
	err = s.LogBatch(ctx, info.RunID,
		[]tracking.Metric{{Key: "loss", Value: 0.5, Timestamp: 10, Step: 0}, {Key: "loss", Value: 0.25, Timestamp: 11, Step: 1}, {Key: "loss", Value: 9, Timestamp: 5, Step: 0}, {Key: "acc", Value: math.NaN(), Timestamp: 3}},
		[]tracking.Param{{Key: "alpha", Value: "0.1"}},
		[]tracking.Tag{{Key: "k", Value: "v"}})
	if err != nil {
		t.Fatal(err)
	}
	// the same value again is a no-op; another value is refused, and nothing of that batch lands
	if err := s.LogBatch(ctx, info.RunID, nil, []tracking.Param{{Key: "alpha", Value: "0.1"}}, nil); err != nil {
		t.Fatal(err)
	}
	err = s.LogBatch(ctx, info.RunID, []tracking.Metric{{Key: "late", Value: 1, Timestamp: 1}}, []tracking.Param{{Key: "alpha", Value: "0.2"}}, nil)
	want := `Changing param values is not allowed. Params were already logged='[{'key': 'alpha', 'old_value': '0.1', 'new_value': '0.2'}]' for run ID='` + info.RunID + `'.`
	if err == nil || err.Error() != want {
		t.Fatalf("changed param: %v\nwant %s", err, want)
	}
	if err := s.UpdateRun(ctx, info.RunID, tracking.StatusFinished, 2000); err != nil {
		t.Fatal(err)
	}
	run, err := s.GetRun(ctx, info.RunID)
	if err != nil {
		t.Fatal(err)
	}
	if run.Info.Status != tracking.StatusFinished || run.Info.EndTime != 2000 || run.Info.RunName != "train" {
		t.Fatalf("info = %+v", run.Info)
	}
	if len(run.Metrics) != 2 || run.Metrics[0].Key != "acc" || !math.IsNaN(run.Metrics[0].Value) || run.Metrics[1].Value != 0.25 || run.Metrics[1].Step != 1 {
		t.Fatalf("metrics = %+v", run.Metrics)
	}
	if len(run.Tags) != 2 || run.Tags[0] != (tracking.Tag{Key: "k", Value: "v"}) || run.Tags[1] != (tracking.Tag{Key: "mlflow.runName", Value: "train"}) {
		t.Fatalf("tags = %+v", run.Tags)
	}
	h, err := s.MetricHistory(ctx, info.RunID, "loss")
	if err != nil || len(h) != 3 || h[0].Value != 9 {
		t.Fatalf("history = %+v, %v", h, err)
	}
	var n int
	_ = s.db.QueryRow(`SELECT count(*) FROM metrics WHERE "key" = 'late'`).Scan(&n)
	if n != 0 {
		t.Fatal("a refused batch wrote a metric")
	}
	var status string
	var isNaN int
	var v float64
	if err := s.db.QueryRow(`SELECT status FROM runs`).Scan(&status); err != nil || status != "FINISHED" {
		t.Fatalf("status column = %q %v", status, err)
	}
	if err := s.db.QueryRow(`SELECT value, is_nan FROM metrics WHERE "key" = 'acc'`).Scan(&v, &isNaN); err != nil || v != 0 || isNaN != 1 {
		t.Fatalf("NaN row = %v %v %v", v, isNaN, err)
	}
}

func TestRefusesOlderSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)`,
		`INSERT INTO alembic_version VALUES ('451aebb31d03')`,
		`CREATE TABLE experiments (experiment_id INTEGER NOT NULL, name VARCHAR(256) NOT NULL, artifact_location VARCHAR(256), lifecycle_stage VARCHAR(32))`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	_, err = Open(path)
	if err == nil || !strings.Contains(err.Error(), "created by an older MLflow (schema revision 451aebb31d03)") || !strings.Contains(err.Error(), "mlflow db upgrade sqlite:///"+path) {
		t.Fatalf("older schema: %v", err)
	}
}

func hasCode(err error, code string) bool {
	var e *localstore.Error
	return errors.As(err, &e) && e.Code == code
}

func TestOpenBadInput(t *testing.T) {
	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.db")
	if err := os.WriteFile(notDB, []byte("this is not a database, it is a long enough text file to have a header\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(notDB); err == nil || !strings.Contains(err.Error(), "is not an SQLite database") {
		t.Errorf("text file: %v", err)
	}
	if _, err := Open(filepath.Join(dir, "missing", "mlflow.db")); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing folder: %v", err)
	}
	other := filepath.Join(dir, "other.db")
	db, _ := sql.Open("sqlite", other)
	if _, err := db.Exec(`CREATE TABLE notes (x TEXT)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(other); err == nil || !strings.Contains(err.Error(), "is not an MLflow tracking database") {
		t.Errorf("foreign database: %v", err)
	}
}

func TestRefusesUnknownRevisionMissingColumns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`UPDATE alembic_version SET version_num = 'ffffffffffff'`, `ALTER TABLE runs DROP COLUMN deleted_time`} {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	_, err = Open(path)
	if err == nil || !strings.Contains(err.Error(), "schema revision ffffffffffff, which MLflow 3.6.0 does not know") || !strings.Contains(err.Error(), "runs.deleted_time") {
		t.Errorf("unknown revision: %v", err)
	}
}

func TestPathWithSpecialCharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "my proj#1?x=%20")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "mlflow.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database not at %s: %v", path, err)
	}
}

func TestRelativeArtifactLocationIsResolved(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	if _, err := s.CreateExperiment(ctx, "rel", "arts/x", nil); err != nil {
		t.Fatal(err)
	}
	e, err := s.GetExperimentByName(ctx, "rel")
	wd, _ := os.Getwd()
	if err != nil || e.ArtifactLocation != filepath.ToSlash(filepath.Join(wd, "arts", "x")) {
		t.Fatalf("artifact_location = %q, %v", e.ArtifactLocation, err)
	}
	if _, err := s.CreateExperiment(ctx, "s3", "s3://bucket/p", nil); err != nil {
		t.Fatal(err)
	}
	if e, _ := s.GetExperimentByName(ctx, "s3"); e.ArtifactLocation != "s3://bucket/p" {
		t.Fatalf("s3 location = %q", e.ArtifactLocation)
	}
}

// SearchRunningRuns lists the RUNNING runs only (storetest.RunningRuns).
func TestSearchRunningRuns(t *testing.T) {
	s, _ := openTemp(t)
	storetest.RunningRuns(t, s)
}
