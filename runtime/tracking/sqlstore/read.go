package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"strconv"
	"strings"

	"github.com/kfc-dev/kfc/runtime/tracking"
	"github.com/kfc-dev/kfc/runtime/tracking/localstore"
)

const expCols = `experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time`

func scanExperiment(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, where string, args ...any) ([]*tracking.Experiment, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+expCols+` FROM experiments `+where, args...)
	if err != nil {
		return nil, err
	}
	var out []*tracking.Experiment
	for rows.Next() {
		var id int64
		var loc, stage sql.NullString
		var ct, ut sql.NullInt64
		e := &tracking.Experiment{Tags: map[string]string{}}
		if err := rows.Scan(&id, &e.Name, &loc, &stage, &ct, &ut); err != nil {
			rows.Close()
			return nil, err
		}
		e.ID, e.ArtifactLocation, e.LifecycleStage = strconv.FormatInt(id, 10), loc.String, stage.String
		e.CreationTime, e.LastUpdateTime = ct.Int64, ut.Int64
		out = append(out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, e := range out {
		trows, err := q.QueryContext(ctx, `SELECT "key", value FROM experiment_tags WHERE experiment_id = ?`, e.ID)
		if err != nil {
			return nil, err
		}
		for trows.Next() {
			var k string
			var v sql.NullString
			if err := trows.Scan(&k, &v); err != nil {
				trows.Close()
				return nil, err
			}
			e.Tags[k] = v.String
		}
		trows.Close()
	}
	return out, nil
}

// GetExperimentByName finds an experiment, active or deleted, by name.
func (s *Store) GetExperimentByName(ctx context.Context, name string) (*tracking.Experiment, error) {
	exps, err := scanExperiment(ctx, s.db, `WHERE name = ?`, name)
	if err != nil || len(exps) == 0 {
		return nil, s.wrap(err)
	}
	return exps[0], nil
}

// ListExperiments lists the active experiments in MLflow's default
// search order: newest creation first, then id.
func (s *Store) ListExperiments(ctx context.Context) ([]*tracking.Experiment, error) {
	exps, err := scanExperiment(ctx, s.db, `WHERE lifecycle_stage = 'active' ORDER BY creation_time DESC, experiment_id ASC`)
	return exps, s.wrap(err)
}

const runCols = `run_uuid, experiment_id, name, user_id, status, start_time, end_time, artifact_uri, lifecycle_stage`

func scanRunInfo(sc interface{ Scan(...any) error }) (*tracking.RunInfo, error) {
	var exp sql.NullInt64
	var name, user, status, uri, stage sql.NullString
	var start, end sql.NullInt64
	r := &tracking.RunInfo{}
	if err := sc.Scan(&r.RunID, &exp, &name, &user, &status, &start, &end, &uri, &stage); err != nil {
		return nil, err
	}
	r.ExperimentID = strconv.FormatInt(exp.Int64, 10)
	r.RunName, r.UserID, r.ArtifactURI, r.LifecycleStage = name.String, user.String, uri.String, stage.String
	r.StartTime, r.EndTime = start.Int64, end.Int64
	r.Status = parseStatus(status.String)
	return r, nil
}

func parseStatus(s string) tracking.Status {
	for st := tracking.StatusRunning; st <= tracking.StatusKilled; st++ {
		if st.String() == s {
			return st
		}
	}
	return 0
}

// GetRun reads a run with its params, tags and latest metrics, each sorted
// by key. A NaN latest value comes back as NaN; an infinity as the
// ±MaxFloat64 SQL stored, as MLflow's SQL store returns it.
func (s *Store) GetRun(ctx context.Context, runID string) (*tracking.Run, error) {
	if err := localstore.ValidateRunID(runID); err != nil {
		return nil, err
	}
	info, err := scanRunInfo(s.db.QueryRowContext(ctx, `SELECT `+runCols+` FROM runs WHERE run_uuid = ?`, runID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, localstore.Errorf(localstore.ResourceDoesNotExist, "Run with id=%s not found", runID)
	}
	if err != nil {
		return nil, s.wrap(err)
	}
	run := &tracking.Run{Info: *info}
	if err := s.fill(ctx, run); err != nil {
		return nil, s.wrap(err)
	}
	return run, nil
}

func (s *Store) fill(ctx context.Context, run *tracking.Run) error {
	id := run.Info.RunID
	kv := func(table string, add func(k, v string)) error {
		rows, err := s.db.QueryContext(ctx, `SELECT "key", value FROM `+table+` WHERE run_uuid = ? ORDER BY "key"`, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k string
			var v sql.NullString
			if err := rows.Scan(&k, &v); err != nil {
				return err
			}
			add(k, v.String)
		}
		return rows.Err()
	}
	if err := kv("params", func(k, v string) { run.Params = append(run.Params, tracking.Param{Key: k, Value: v}) }); err != nil {
		return err
	}
	if err := kv("tags", func(k, v string) { run.Tags = append(run.Tags, tracking.Tag{Key: k, Value: v}) }); err != nil {
		return err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT "key", value, timestamp, step, is_nan FROM latest_metrics WHERE run_uuid = ? ORDER BY "key"`, id)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		m, err := scanMetric(rows)
		if err != nil {
			return err
		}
		run.Metrics = append(run.Metrics, m)
	}
	return rows.Err()
}

func scanMetric(sc interface{ Scan(...any) error }) (tracking.Metric, error) {
	var m tracking.Metric
	var ts sql.NullInt64
	var isNaN bool
	if err := sc.Scan(&m.Key, &m.Value, &ts, &m.Step, &isNaN); err != nil {
		return m, err
	}
	m.Timestamp = ts.Int64
	if isNaN {
		m.Value = math.NaN()
	}
	return m, nil
}

// MetricHistory is every point of a metric in the order MLflow's SQL store
// returns them: by timestamp, step, value.
func (s *Store) MetricHistory(ctx context.Context, runID, key string) ([]tracking.Metric, error) {
	if _, err := s.GetRunInfo(ctx, runID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT "key", value, timestamp, step, is_nan FROM metrics WHERE run_uuid = ? AND "key" = ? ORDER BY timestamp, step, value`, runID, key)
	if err != nil {
		return nil, s.wrap(err)
	}
	defer rows.Close()
	var out []tracking.Metric
	for rows.Next() {
		m, err := scanMetric(rows)
		if err != nil {
			return nil, s.wrap(err)
		}
		out = append(out, m)
	}
	return out, s.wrap(rows.Err())
}

// GetRunInfo reads a run's info only.
func (s *Store) GetRunInfo(ctx context.Context, runID string) (*tracking.RunInfo, error) {
	if err := localstore.ValidateRunID(runID); err != nil {
		return nil, err
	}
	info, err := scanRunInfo(s.db.QueryRowContext(ctx, `SELECT `+runCols+` FROM runs WHERE run_uuid = ?`, runID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, localstore.Errorf(localstore.ResourceDoesNotExist, "Run with id=%s not found", runID)
	}
	return info, s.wrap(err)
}

// SearchRuns lists the active runs of the experiments (all when none are
// given), newest start first, then by run id, as MLflow's default order.
func (s *Store) SearchRuns(ctx context.Context, experimentIDs []string, maxResults int) ([]*tracking.Run, error) {
	return s.searchRuns(ctx, experimentIDs, maxResults, false)
}

// SearchRunningRuns is SearchRuns of the RUNNING runs only
// (tracking.RunningSearcher).
func (s *Store) SearchRunningRuns(ctx context.Context, experimentIDs []string, maxResults int) ([]*tracking.Run, error) {
	return s.searchRuns(ctx, experimentIDs, maxResults, true)
}

func (s *Store) searchRuns(ctx context.Context, experimentIDs []string, maxResults int, running bool) ([]*tracking.Run, error) {
	q := `SELECT ` + runCols + ` FROM runs WHERE lifecycle_stage = 'active'`
	if running {
		q += ` AND status = 'RUNNING'`
	}
	var args []any
	if len(experimentIDs) > 0 {
		q += ` AND experiment_id IN (` + strings.TrimSuffix(strings.Repeat("?,", len(experimentIDs)), ",") + `)`
		for _, id := range experimentIDs {
			n, err := parseExpID(id)
			if err != nil {
				return nil, err
			}
			args = append(args, n)
		}
	}
	q += ` ORDER BY start_time DESC, run_uuid ASC`
	if maxResults > 0 {
		q += ` LIMIT ` + strconv.Itoa(maxResults)
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, s.wrap(err)
	}
	var out []*tracking.Run
	for rows.Next() {
		info, err := scanRunInfo(rows)
		if err != nil {
			rows.Close()
			return nil, s.wrap(err)
		}
		out = append(out, &tracking.Run{Info: *info})
	}
	rows.Close()
	for _, r := range out {
		if err := s.fill(ctx, r); err != nil {
			return nil, s.wrap(err)
		}
	}
	return out, nil
}

// LogArtifact copies a local file or folder under the run's artifact_uri.
func (s *Store) LogArtifact(ctx context.Context, runID, localPath, artifactPath string) error {
	info, err := s.GetRunInfo(ctx, runID)
	if err != nil {
		return err
	}
	if info.LifecycleStage != "active" {
		return localstore.RunNotActive(runID, info.LifecycleStage)
	}
	return localstore.CopyArtifact(ctx, info.ArtifactURI, localPath, artifactPath)
}

// ListArtifacts lists one folder of the run's artifacts.
func (s *Store) ListArtifacts(ctx context.Context, runID, path string) ([]tracking.ArtifactInfo, error) {
	info, err := s.GetRunInfo(ctx, runID)
	if err != nil {
		return nil, err
	}
	return localstore.ListArtifacts(info.ArtifactURI, path)
}
