// Package sqlstore is MLflow's SQLite tracking store (sqlite:///PATH) written
// with modernc.org/sqlite: the schema, alembic revision and rows that
// MLflow's SqlAlchemyStore creates and writes, so `mlflow ui` and MLflow's
// client read what kfc logged, and kfc logs into databases MLflow made.
package sqlstore

import (
	"context"
	"database/sql"
	_ "embed"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kfc-dev/kfc/runtime/tracking"
	"github.com/kfc-dev/kfc/runtime/tracking/localstore"

	_ "modernc.org/sqlite" // registers the "sqlite" driver (pure Go, no cgo)
)

//go:embed schema.sql
var schemaSQL string

// Revision is the alembic revision kfc creates: the upstream head shipped
// in MLflow 3.5.0, 3.5.1 and 3.6.0 (migration "add jobs table").
const Revision = "bf29a5ff90ea"

// Release names the MLflow release whose schema kfc creates.
const Release = "MLflow 3.6.0"

// BusyTimeout is how long a write waits for another process's lock; 20 s
// as MLflow's own sessions set (PRAGMA busy_timeout = 20000).
const BusyTimeout = 20 * time.Second

// Store is an open MLflow SQLite database.
type Store struct {
	db           *sql.DB
	path         string
	artifactRoot string
	now          func() int64
	newRunID     func() string // uuid4 hex; tests make it deterministic
	stmts        map[string]*sql.Stmt
}

// Hot statements, prepared once at Open (on the one connection) and bound
// to each transaction: parsing SQL is most of the cost of a small write.
const (
	qRunStage  = `SELECT lifecycle_stage, experiment_id FROM runs WHERE run_uuid = ?`
	qInsMetric = `INSERT OR IGNORE INTO metrics ("key", value, timestamp, run_uuid, step, is_nan) VALUES (?, ?, ?, ?, ?, ?)`
	// qSetLatest is _update_latest_metrics_if_necessary in one statement:
	// the row is replaced only by a strictly greater (step, timestamp, value).
	qSetLatest = `INSERT INTO latest_metrics ("key", value, timestamp, step, is_nan, run_uuid) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT ("key", run_uuid) DO UPDATE SET value = excluded.value, timestamp = excluded.timestamp, step = excluded.step, is_nan = excluded.is_nan
		WHERE (excluded.step, excluded.timestamp, excluded.value) > (latest_metrics.step, latest_metrics.timestamp, latest_metrics.value)`
	qParams      = `SELECT "key", value FROM params WHERE run_uuid = ?`
	qInsParam    = `INSERT INTO params ("key", value, run_uuid) VALUES (?, ?, ?)`
	qSetTag      = `INSERT INTO tags ("key", value, run_uuid) VALUES (?, ?, ?) ON CONFLICT ("key", run_uuid) DO UPDATE SET value = excluded.value`
	qSetRunName  = `UPDATE runs SET name = ? WHERE run_uuid = ?`
	qSetStatus   = `UPDATE runs SET status = ? WHERE run_uuid = ?`
	qSetFinished = `UPDATE runs SET status = ?, end_time = ? WHERE run_uuid = ?`
)

func (s *Store) prepare(ctx context.Context) error {
	for _, q := range []string{qRunStage, qInsMetric, qSetLatest, qParams, qInsParam, qSetTag, qSetRunName, qSetStatus, qSetFinished} {
		st, err := s.db.PrepareContext(ctx, q)
		if err != nil {
			return err
		}
		s.stmts[q] = st
	}
	return nil
}

// stmt is the prepared statement q bound to the transaction t.
func (s *Store) stmt(ctx context.Context, t *sql.Tx, q string) *sql.Stmt {
	return t.StmtContext(ctx, s.stmts[q])
}

var _ tracking.Store = (*Store)(nil)

// Options tune Open.
type Options struct {
	// ArtifactRoot is the default artifact root for new experiments; ""
	// means DefaultArtifactRoot("").
	ArtifactRoot string

	now      func() int64  // tests: a fixed clock
	newRunID func() string // tests: fixed run ids
}

// DefaultArtifactRoot is the artifact root MLflow's client gives a SQL
// store when none is configured: "./mlruns" resolved against dir (the
// working directory when dir is ""), as a plain absolute POSIX path, not a
// file: URI (resolve_uri_if_local). Experiment i then gets "<root>/i" and a
// run "<root>/i/<run_id>/artifacts".
func DefaultArtifactRoot(dir string) (string, error) {
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return "", err
		}
		dir = wd
	}
	abs, err := filepath.Abs(filepath.Join(dir, "mlruns"))
	if err != nil {
		return "", err
	}
	return filepath.ToSlash(abs), nil
}

// Open opens the SQLite database at path (the PATH of sqlite:///PATH),
// creating it with MLflow's schema and the Default experiment 0 when the
// file is absent or empty, and checking an existing database has the
// tables and columns kfc writes.
func Open(path string) (*Store, error) { return OpenWith(path, Options{}) }

// OpenWith is Open with options.
func OpenWith(path string, opt Options) (*Store, error) {
	root := opt.ArtifactRoot
	if root == "" {
		var err error
		if root, err = DefaultArtifactRoot(""); err != nil {
			return nil, err
		}
	}
	if dir := filepath.Dir(path); dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("sqlite:///%s: folder %s does not exist", path, dir)
		}
	}
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("sqlite:///%s: %w", path, err)
	}
	// One connection per process: SQLite has one writer at a time anyway,
	// and prepared statements stay cached on it (other processes still
	// share the file through SQLite's own locks and the busy timeout).
	db.SetMaxOpenConns(1)
	s := &Store{db: db, path: path, artifactRoot: root, now: func() int64 { return time.Now().UnixMilli() }, newRunID: localstore.NewRunID, stmts: map[string]*sql.Stmt{}}
	if opt.now != nil {
		s.now, s.newRunID = opt.now, opt.newRunID
	}
	if err := s.init(context.Background()); err != nil {
		db.Close()
		if strings.Contains(err.Error(), "file is not a database") {
			return nil, fmt.Errorf("sqlite:///%s is not an SQLite database", path)
		}
		return nil, err
	}
	if err := s.prepare(context.Background()); err != nil {
		s.Close()
		return nil, s.wrap(err)
	}
	return s, nil
}

// dsn sets, on every connection: WAL (readers such as a running MLflow UI
// never block kfc's writers), a busy timeout, MLflow's foreign keys and
// case-sensitive LIKE, synchronous=NORMAL (safe with WAL: a crash loses at
// most the last commits, never consistency), and BEGIN IMMEDIATE so a
// transaction takes the write lock up front instead of failing to upgrade.
func dsn(path string) string {
	q := url.Values{}
	for _, p := range []string{
		fmt.Sprintf("busy_timeout(%d)", BusyTimeout.Milliseconds()),
		"journal_mode(WAL)",
		"synchronous(NORMAL)",
		"foreign_keys(1)",
		"case_sensitive_like(1)",
	} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Close closes the database; the last connection checkpoints the WAL.
func (s *Store) Close() error {
	for _, st := range s.stmts {
		st.Close()
	}
	return s.db.Close()
}

// tx runs fn in one transaction: everything fn writes lands, or nothing.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	t, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.wrap(err)
	}
	if err := fn(t); err != nil {
		_ = t.Rollback()
		return s.wrap(err)
	}
	return s.wrap(t.Commit())
}

func (s *Store) wrap(err error) error {
	if err == nil {
		return nil
	}
	var le interface{ Code() int }
	if errors.As(err, &le) && !strings.HasPrefix(err.Error(), "sqlite:") {
		return fmt.Errorf("sqlite:///%s: %w", s.path, err)
	}
	return err
}
