package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// revisions is MLflow's alembic chain, oldest first, up to the fork head
// 1b5f0d9ad7c1 (opendatahub-io, workspace columns) that follows upstream's
// bf29a5ff90ea. It tells an older database (upgrade it with MLflow) from
// an unknown, newer one.
var revisions = strings.Fields(`
451aebb31d03 90e64c465722 181f10493468 df50e92ffc5e 7ac759974ad8 89d4b8295536 2b4d017a5e9b
cfd24bdc0731 0a8213491aaa 728d730b5ebd 27a6a02d2cf1 84291f40a231 a8c4a736bde6 39d1c3be5f05
c48cb773bb87 bd07f7e963c5 0c779009ac13 cc1f77228345 97727af70f4d 3500859a5d39 7f2a7d5fae7d
2d6e25af4d3e acf3f17fdcc7 867495a8f9d4 5b0e9adcef9c 4465047574b1 f5a4f2784254 0584bdc529eb
400f98739977 6953534de441 bda7b8c39065 cbc13b556ace 770bee3ae1dd a1b2c3d4e5f6 de4033877273
1a0cddfcaa16 534353b11cbc 71994744cf8e 3da73c924c2f bf29a5ff90ea 1b5f0d9ad7c1`)

// needed is every table and column kfc reads or writes.
var needed = map[string][]string{
	"experiments":     {"experiment_id", "name", "artifact_location", "lifecycle_stage", "creation_time", "last_update_time"},
	"experiment_tags": {"key", "value", "experiment_id"},
	"runs": {"run_uuid", "name", "source_type", "source_name", "entry_point_name", "user_id", "status",
		"start_time", "end_time", "source_version", "lifecycle_stage", "artifact_uri", "experiment_id", "deleted_time"},
	"params":         {"key", "value", "run_uuid"},
	"tags":           {"key", "value", "run_uuid"},
	"metrics":        {"key", "value", "timestamp", "run_uuid", "step", "is_nan"},
	"latest_metrics": {"key", "value", "timestamp", "step", "is_nan", "run_uuid"},
}

// init creates MLflow's schema in an empty database, or checks an existing
// one, in one write transaction so two processes opening a new file at once
// cannot both create it.
func (s *Store) init(ctx context.Context) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		var n int
		if err := t.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table'`).Scan(&n); err != nil {
			return fmt.Errorf("sqlite:///%s is not an SQLite database: %w", s.path, err)
		}
		if n == 0 {
			return s.create(ctx, t)
		}
		return s.check(ctx, t)
	})
}

// create lays down the schema, the alembic_version row and the Default
// experiment 0 as SqlAlchemyStore's _create_default_experiment inserts it.
func (s *Store) create(ctx context.Context, t *sql.Tx) error {
	if _, err := t.ExecContext(ctx, schemaSQL); err != nil {
		return fmt.Errorf("creating MLflow's schema: %w", err)
	}
	if _, err := t.ExecContext(ctx, `INSERT INTO alembic_version (version_num) VALUES (?)`, Revision); err != nil {
		return err
	}
	now := s.now()
	_, err := t.ExecContext(ctx,
		`INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES (0, 'Default', ?, 'active', ?, ?)`,
		joinURI(s.artifactRoot, "0"), now, now)
	return err
}

// check accepts a database whose tables hold every column kfc writes,
// whatever its revision, and otherwise says what MLflow would say.
func (s *Store) check(ctx context.Context, t *sql.Tx) error {
	uri := "sqlite:///" + s.path
	var rev string
	err := t.QueryRowContext(ctx, `SELECT version_num FROM alembic_version`).Scan(&rev)
	if err != nil {
		return fmt.Errorf("%s is not an MLflow tracking database (it has tables but no alembic_version row); kfc writes only to an empty file or one MLflow created", uri)
	}
	var missing []string
	for _, table := range sortedKeys(needed) {
		have := map[string]bool{}
		rows, err := t.QueryContext(ctx, `SELECT name FROM pragma_table_info(?)`, table)
		if err != nil {
			return err
		}
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				rows.Close()
				return err
			}
			have[c] = true
		}
		rows.Close()
		if len(have) == 0 {
			missing = append(missing, "table "+table)
			continue
		}
		for _, c := range needed[table] {
			if !have[c] {
				missing = append(missing, table+"."+c)
			}
		}
	}
	if len(missing) == 0 {
		return nil
	}
	what := strings.Join(missing, ", ")
	if i := slices.Index(revisions, rev); i >= 0 && i < slices.Index(revisions, Revision) {
		return fmt.Errorf("%s was created by an older MLflow (schema revision %s) and lacks %s: take a backup, then run `mlflow db upgrade %s`", uri, rev, what, uri)
	}
	if slices.Contains(revisions, rev) {
		return fmt.Errorf("%s (schema revision %s) lacks %s", uri, rev, what)
	}
	return fmt.Errorf("%s has schema revision %s, which %s does not know (MLflow itself fails with \"Can't locate revision identified by '%s'\": it was made by a newer MLflow), and lacks %s", uri, rev, Release, rev, what)
}

func sortedKeys(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// joinURI is MLflow's append_to_uri_path for the roots kfc meets: a POSIX
// path or a URI, with each part joined by exactly one slash.
func joinURI(root string, parts ...string) string {
	out := strings.TrimRight(root, "/")
	for _, p := range parts {
		out += "/" + strings.Trim(p, "/")
	}
	return out
}
