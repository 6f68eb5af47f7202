package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/kfc-dev/kfc/runtime/tracking"
	"github.com/kfc-dev/kfc/runtime/tracking/localstore"
)

// CreateExperiment inserts an active experiment; an empty artifactLocation
// gets "<artifact root>/<id>" as SqlAlchemyStore's double flush does.
func (s *Store) CreateExperiment(ctx context.Context, name, artifactLocation string, tags []tracking.Tag) (string, error) {
	if name == "" {
		return "", localstore.InvalidValue("name", name, "")
	}
	var id int64
	err := s.tx(ctx, func(t *sql.Tx) error {
		var exists int
		if err := t.QueryRowContext(ctx, `SELECT count(*) FROM experiments WHERE name = ?`, name).Scan(&exists); err != nil {
			return err
		}
		if exists > 0 {
			return localstore.Errorf(localstore.ResourceAlreadyExists, "Experiment(name=%s) already exists.", name)
		}
		now := s.now()
		var loc any
		if artifactLocation != "" {
			l, err := resolveLocal(artifactLocation)
			if err != nil {
				return err
			}
			loc = l
		}
		res, err := t.ExecContext(ctx,
			`INSERT INTO experiments (name, artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES (?, ?, 'active', ?, ?)`,
			name, loc, now, now)
		if err != nil {
			return err
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		if artifactLocation == "" {
			if _, err := t.ExecContext(ctx, `UPDATE experiments SET artifact_location = ? WHERE experiment_id = ?`,
				joinURI(s.artifactRoot, strconv.FormatInt(id, 10)), id); err != nil {
				return err
			}
		}
		for _, tag := range tags {
			if _, err := t.ExecContext(ctx,
				`INSERT INTO experiment_tags ("key", value, experiment_id) VALUES (?, ?, ?) ON CONFLICT ("key", experiment_id) DO UPDATE SET value = excluded.value`,
				tag.Key, tag.Value, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return strconv.FormatInt(id, 10), nil
}

// CreateRun inserts a RUNNING run as SqlAlchemyStore.create_run does:
// source_type UNKNOWN, empty source and entry point, artifact_uri under the
// experiment's artifact location, and the run name also as mlflow.runName.
func (s *Store) CreateRun(ctx context.Context, req tracking.CreateRunRequest) (*tracking.RunInfo, error) {
	expID, err := parseExpID(req.ExperimentID)
	if err != nil {
		return nil, err
	}
	name, tags, err := localstore.RunName(req.RunName, req.Tags)
	if err != nil {
		return nil, err
	}
	for _, t := range tags {
		if err := localstore.ValidateKey("key", t.Key); err != nil {
			return nil, err
		}
	}
	info := &tracking.RunInfo{
		RunID: s.newRunID(), ExperimentID: req.ExperimentID, RunName: name, UserID: req.UserID,
		Status: tracking.StatusRunning, StartTime: req.StartTime, LifecycleStage: "active",
	}
	err = s.tx(ctx, func(t *sql.Tx) error {
		var loc sql.NullString
		var stage string
		err := t.QueryRowContext(ctx, `SELECT artifact_location, lifecycle_stage FROM experiments WHERE experiment_id = ?`, expID).Scan(&loc, &stage)
		if errors.Is(err, sql.ErrNoRows) {
			return localstore.Errorf(localstore.ResourceDoesNotExist, "No Experiment with id=%s exists", req.ExperimentID)
		}
		if err != nil {
			return err
		}
		if stage != "active" {
			return localstore.Errorf(localstore.InvalidParameterValue, "The experiment %s must be in the 'active' state. Current state is %s.", req.ExperimentID, stage)
		}
		info.ArtifactURI = joinURI(loc.String, info.RunID, "artifacts")
		if _, err := t.ExecContext(ctx, `INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, end_time, source_version, lifecycle_stage, artifact_uri, experiment_id, deleted_time)
			VALUES (?, ?, 'UNKNOWN', '', '', ?, 'RUNNING', ?, NULL, '', 'active', ?, ?, NULL)`,
			info.RunID, name, req.UserID, req.StartTime, info.ArtifactURI, expID); err != nil {
			return err
		}
		return s.setTags(ctx, t, info.RunID, tags)
	})
	if err != nil {
		return nil, err
	}
	return info, nil
}

// UpdateRun sets the status and, when endTime > 0, the end time.
func (s *Store) UpdateRun(ctx context.Context, runID string, status tracking.Status, endTime int64) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		if _, err := s.activeRun(ctx, t, runID); err != nil {
			return err
		}
		if endTime > 0 {
			_, err := s.stmt(ctx, t, qSetFinished).ExecContext(ctx, status.String(), endTime, runID)
			return err
		}
		_, err := s.stmt(ctx, t, qSetStatus).ExecContext(ctx, status.String(), runID)
		return err
	})
}

// LogBatch writes params, metrics and tags in ONE transaction (MLflow uses
// several; one is what "nothing written half" needs), refusing the whole
// batch when a param would change value.
func (s *Store) LogBatch(ctx context.Context, runID string, metrics []tracking.Metric, params []tracking.Param, tags []tracking.Tag) error {
	if err := localstore.ValidateRunID(runID); err != nil {
		return err
	}
	keys := make([]string, len(params))
	for i, p := range params {
		keys[i] = p.Key
		if err := localstore.ValidateKey(itemPath("params", i, len(params)+len(metrics)+len(tags), "key"), p.Key); err != nil {
			return err
		}
	}
	if err := localstore.DuplicateParamKeys(keys); err != nil {
		return err
	}
	for i, m := range metrics {
		if err := localstore.ValidateKey(itemPath("metrics", i, len(metrics), "name"), m.Key); err != nil {
			return err
		}
		if m.Timestamp < 0 {
			return localstore.InvalidValue(itemPath("metrics", i, len(metrics), "timestamp"), strconv.FormatInt(m.Timestamp, 10), "metric timestamp must be a nonnegative integer")
		}
	}
	for i, t := range tags {
		if err := localstore.ValidateKey(itemPath("tags", i, len(tags), "key"), t.Key); err != nil {
			return err
		}
	}
	return s.tx(ctx, func(t *sql.Tx) error {
		if _, err := s.activeRun(ctx, t, runID); err != nil {
			return err
		}
		if err := s.logParams(ctx, t, runID, params); err != nil {
			return err
		}
		if err := s.logMetrics(ctx, t, runID, metrics); err != nil {
			return err
		}
		return s.setTags(ctx, t, runID, tags)
	})
}

// itemPath is the JSON path MLflow names in batch messages ("metrics[3].name");
// a lone item is just the field.
func itemPath(list string, i, n int, field string) string {
	if n == 1 {
		return field
	}
	return list + "[" + strconv.Itoa(i) + "]." + field
}

func (s *Store) activeRun(ctx context.Context, t *sql.Tx, runID string) (int64, error) {
	var stage string
	var exp int64
	err := s.stmt(ctx, t, qRunStage).QueryRowContext(ctx, runID).Scan(&stage, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, localstore.Errorf(localstore.ResourceDoesNotExist, "Run with id=%s not found", runID)
	}
	if err != nil {
		return 0, err
	}
	if stage != "active" {
		return 0, localstore.RunNotActive(runID, stage)
	}
	return exp, nil
}

func (s *Store) logParams(ctx context.Context, t *sql.Tx, runID string, params []tracking.Param) error {
	if len(params) == 0 {
		return nil
	}
	existing := map[string]string{}
	rows, err := s.stmt(ctx, t, qParams).QueryContext(ctx, runID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			rows.Close()
			return err
		}
		existing[k] = v
	}
	rows.Close()
	var changed [][3]string
	var fresh []tracking.Param
	for _, p := range params {
		if old, ok := existing[p.Key]; ok {
			if old != p.Value {
				changed = append(changed, [3]string{p.Key, old, p.Value})
			}
			continue
		}
		fresh = append(fresh, p)
	}
	if len(changed) > 0 {
		return localstore.ParamsChanged(changed, runID)
	}
	for _, p := range fresh {
		if _, err := s.stmt(ctx, t, qInsParam).ExecContext(ctx, p.Key, p.Value, runID); err != nil {
			return err
		}
	}
	return nil
}

// sanitize is SqlAlchemyStore.sanitize_metric_value: SQL cannot hold NaN or
// infinities, so NaN is stored as 0 with is_nan set and ±inf as ±MaxFloat64.
func sanitize(v float64) (float64, bool) {
	switch {
	case math.IsNaN(v):
		return 0, true
	case math.IsInf(v, 1):
		return math.MaxFloat64, false
	case math.IsInf(v, -1):
		return -math.MaxFloat64, false
	}
	return v, false
}

type latest struct {
	value     float64
	timestamp int64
	step      int64
	isNaN     bool
}

// newer is MLflow's _compare_metrics: strictly greater (step, timestamp, value).
func (a latest) newer(b latest) bool {
	if a.step != b.step {
		return a.step > b.step
	}
	if a.timestamp != b.timestamp {
		return a.timestamp > b.timestamp
	}
	return a.value > b.value
}

// logMetrics inserts the points (an exact duplicate of a logged point is
// skipped, as MLflow skips it) and moves each key's latest_metrics row to
// the batch's greatest point when that is strictly greater than the row:
// the same result as MLflow's running comparison, point by point.
func (s *Store) logMetrics(ctx context.Context, t *sql.Tx, runID string, metrics []tracking.Metric) error {
	if len(metrics) == 0 {
		return nil
	}
	ins := s.stmt(ctx, t, qInsMetric)
	var order []string
	best := map[string]latest{}
	for _, m := range metrics {
		v, isNaN := sanitize(m.Value)
		if _, err := ins.ExecContext(ctx, m.Key, v, m.Timestamp, runID, m.Step, isNaN); err != nil {
			return err
		}
		l := latest{value: v, timestamp: m.Timestamp, step: m.Step, isNaN: isNaN}
		if b, ok := best[m.Key]; !ok {
			order = append(order, m.Key)
			best[m.Key] = l
		} else if l.newer(b) {
			best[m.Key] = l
		}
	}
	set := s.stmt(ctx, t, qSetLatest)
	for _, key := range order {
		l := best[key]
		if _, err := set.ExecContext(ctx, key, l.value, l.timestamp, l.step, l.isNaN, runID); err != nil {
			return err
		}
	}
	return nil
}

// setTags upserts run tags; mlflow.runName also renames the run, as
// SqlAlchemyStore.set_tag does through update_run_info.
func (s *Store) setTags(ctx context.Context, t *sql.Tx, runID string, tags []tracking.Tag) error {
	for _, tag := range tags {
		if _, err := s.stmt(ctx, t, qSetTag).ExecContext(ctx, tag.Key, tag.Value, runID); err != nil {
			return err
		}
		if tag.Key == localstore.RunNameTag {
			if _, err := s.stmt(ctx, t, qSetRunName).ExecContext(ctx, tag.Value, runID); err != nil {
				return err
			}
		}
	}
	return nil
}

func parseExpID(id string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(id), 10, 64)
	if err != nil {
		return 0, localstore.Errorf(localstore.ResourceDoesNotExist, "No Experiment with id=%s exists", id)
	}
	return n, nil
}

// resolveLocal is MLflow's resolve_uri_if_local: a relative local path
// becomes absolute against the working directory; URIs stay as given.
func resolveLocal(loc string) (string, error) {
	if strings.Contains(loc, ":") || filepath.IsAbs(loc) {
		return loc, nil
	}
	abs, err := filepath.Abs(loc)
	if err != nil {
		return "", err
	}
	return filepath.ToSlash(abs), nil
}
