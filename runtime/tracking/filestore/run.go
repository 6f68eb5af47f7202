package filestore

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/kfc-dev/kfc/internal/py"
	"github.com/kfc-dev/kfc/runtime/tracking"
	"github.com/kfc-dev/kfc/runtime/tracking/localstore"
)

// experimentDir finds an experiment's folder among the active ones, then
// in .trash; "" when there is none.
func (s *Store) experimentDir(id string) (string, error) {
	if err := localstore.ValidateExperimentID(id); err != nil {
		return "", err
	}
	for _, parent := range []string{s.root, filepath.Join(s.root, trashFolder)} {
		dir := filepath.Join(parent, id)
		if st, err := os.Stat(dir); err == nil && st.IsDir() {
			return dir, nil
		}
	}
	return "", nil
}

func (s *Store) readExperiment(dir string) (*tracking.Experiment, error) {
	var m expMeta
	if err := readYAML(filepath.Join(dir, metaFile), &m); err != nil {
		return nil, err
	}
	if m.ExperimentID == "" {
		m.ExperimentID = filepath.Base(dir)
	}
	e := m.experiment()
	if err := readTree(filepath.Join(dir, tagsFolder), func(k, v string) { e.Tags[k] = v }); err != nil {
		return nil, err
	}
	return e, nil
}

// runDir finds a run's folder: <exp>/<run_id> under the root or .trash,
// remembered while its meta.yaml stays there.
func (s *Store) runDir(runID string) (string, error) {
	if err := localstore.ValidateRunID(runID); err != nil {
		return "", err
	}
	s.mu.Lock()
	dir, ok := s.runDirs[runID]
	s.mu.Unlock()
	if ok {
		if _, err := os.Stat(filepath.Join(dir, metaFile)); err == nil {
			return dir, nil
		}
	}
	dir, err := s.findRunDir(runID)
	if err == nil {
		s.mu.Lock()
		s.runDirs[runID] = dir
		s.mu.Unlock()
	}
	return dir, err
}

func (s *Store) findRunDir(runID string) (string, error) {
	for _, parent := range []string{s.root, filepath.Join(s.root, trashFolder)} {
		exps, err := os.ReadDir(parent)
		if err != nil {
			return "", err
		}
		for _, e := range exps {
			if !e.IsDir() || e.Name() == trashFolder {
				continue
			}
			dir := filepath.Join(parent, e.Name(), runID)
			if _, err := os.Stat(filepath.Join(dir, metaFile)); err == nil {
				return dir, nil
			}
		}
	}
	return "", localstore.Errorf(localstore.ResourceDoesNotExist, "Run '%s' not found", runID)
}

// CreateRun writes a RUNNING run as FileStore.create_run leaves it: meta.yaml,
// metrics/, params/, artifacts/ and the mlflow.runName tag.
func (s *Store) CreateRun(ctx context.Context, req tracking.CreateRunRequest) (*tracking.RunInfo, error) {
	expID := req.ExperimentID
	if expID == "" {
		expID = defaultExpID
	}
	dir, err := s.experimentDir(expID)
	if err != nil {
		return nil, err
	}
	if dir == "" {
		return nil, localstore.Errorf(localstore.ResourceDoesNotExist, "Could not create run under experiment with ID %s - no such experiment exists.", expID)
	}
	exp, err := s.readExperiment(dir)
	if err != nil {
		return nil, err
	}
	if exp.LifecycleStage != "active" {
		return nil, localstore.Errorf(localstore.InvalidState, "Could not create run under non-active experiment with ID %s.", expID)
	}
	for _, t := range req.Tags {
		if err := localstore.ValidateKey("key", t.Key); err != nil {
			return nil, err
		}
	}
	name, tags, err := localstore.RunName(req.RunName, req.Tags)
	if err != nil {
		return nil, err
	}
	id := s.newRunID()
	start := req.StartTime
	status := int(tracking.StatusRunning)
	m := &runMeta{
		ArtifactURI:  strings.TrimRight(exp.ArtifactLocation, "/") + "/" + id + "/" + artifactsDir,
		ExperimentID: expID, LifecycleStage: "active", RunID: id, RunName: name,
		StartTime: &start, Status: &status, UserID: req.UserID,
	}
	run := filepath.Join(dir, id)
	for _, sub := range []string{metricsFolder, paramsFolder, artifactsDir} {
		if err := os.MkdirAll(filepath.Join(run, sub), 0o755); err != nil {
			return nil, err
		}
	}
	if err := writeFile(run, filepath.Join(run, metaFile), runMetaYAML(m)); err != nil {
		return nil, err
	}
	for _, t := range tags {
		if err := writeFile(run, filepath.Join(run, tagsFolder, filepath.FromSlash(t.Key)), t.Value); err != nil {
			return nil, err
		}
	}
	return m.info(), nil
}

// UpdateRun sets the status and, when endTime > 0, the end time, rewriting
// meta.yaml under the run's lock.
func (s *Store) UpdateRun(ctx context.Context, runID string, status tracking.Status, endTime int64) error {
	dir, err := s.runDir(runID)
	if err != nil {
		return err
	}
	return s.rewriteMeta(dir, func(m *runMeta) {
		st := int(status)
		m.Status = &st
		if endTime > 0 {
			m.EndTime = &endTime
		}
	})
}

func (s *Store) rewriteMeta(dir string, change func(*runMeta)) error {
	unlock, err := lock(dir)
	if err != nil {
		return err
	}
	defer unlock()
	m, err := readRunMeta(dir)
	if err != nil {
		return err
	}
	if stage := orDefault(m.LifecycleStage, "active"); stage != "active" {
		return localstore.Errorf(localstore.InvalidParameterValue, "The run %s must be in 'active' lifecycle_stage.", m.RunID)
	}
	change(m)
	return writeFile(dir, filepath.Join(dir, metaFile), runMetaYAML(m))
}

// LogBatch checks everything first (keys, param immutability, the run
// being active), then writes params (each created whole and only once),
// metric lines (one append per key) and tags. A batch MLflow would refuse
// writes nothing.
func (s *Store) LogBatch(ctx context.Context, runID string, metrics []tracking.Metric, params []tracking.Param, tags []tracking.Tag) error {
	dir, err := s.runDir(runID)
	if err != nil {
		return err
	}
	keys := make([]string, len(params))
	for i, p := range params {
		keys[i] = p.Key
		if err := localstore.ValidateKey("key", p.Key); err != nil {
			return err
		}
	}
	if err := localstore.DuplicateParamKeys(keys); err != nil {
		return err
	}
	for _, m := range metrics {
		if err := localstore.ValidateKey("name", m.Key); err != nil {
			return err
		}
		if m.Timestamp < 0 {
			return localstore.InvalidValue("timestamp", strconv.FormatInt(m.Timestamp, 10), "metric timestamp must be a nonnegative integer")
		}
	}
	for _, t := range tags {
		if err := localstore.ValidateKey("key", t.Key); err != nil {
			return err
		}
	}
	if stage, err := lifecycleStage(dir); err != nil {
		return err
	} else if stage != "active" {
		return localstore.Errorf(localstore.InvalidParameterValue, "The run %s must be in 'active' lifecycle_stage.", runID)
	}
	for _, p := range params {
		if err := checkParam(dir, runID, p); err != nil {
			return err
		}
	}
	for _, p := range params {
		path := filepath.Join(dir, paramsFolder, filepath.FromSlash(p.Key))
		created, err := createFile(dir, path, p.Value)
		if err != nil {
			return err
		}
		if !created { // logged meanwhile by another process: same rule
			if err := checkParam(dir, runID, p); err != nil {
				return err
			}
		}
	}
	if err := appendMetrics(dir, metrics); err != nil {
		return err
	}
	for _, t := range tags {
		if t.Key == localstore.RunNameTag {
			if err := s.rewriteMeta(dir, func(m *runMeta) { m.RunName = t.Value }); err != nil {
				return err
			}
		}
		if err := writeFile(dir, filepath.Join(dir, tagsFolder, filepath.FromSlash(t.Key)), t.Value); err != nil {
			return err
		}
	}
	return nil
}

// checkParam refuses a param whose file holds another value.
func checkParam(dir, runID string, p tracking.Param) error {
	old, err := os.ReadFile(filepath.Join(dir, paramsFolder, filepath.FromSlash(p.Key)))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if string(old) != p.Value {
		return localstore.ParamChanged(p.Key, string(old), p.Value, runID)
	}
	return nil
}

// appendMetrics appends "<timestamp> <value> <step>\n" lines, the value as
// Python's repr(float); each key's lines go in one O_APPEND write, so
// lines from concurrent writers never interleave mid-line.
func appendMetrics(dir string, metrics []tracking.Metric) error {
	var order []string
	lines := map[string][]byte{}
	for _, m := range metrics {
		if _, ok := lines[m.Key]; !ok {
			order = append(order, m.Key)
		}
		b := lines[m.Key]
		b = strconv.AppendInt(b, m.Timestamp, 10)
		b = append(b, ' ')
		b = append(b, py.FloatRepr(m.Value)...)
		b = append(b, ' ')
		b = strconv.AppendInt(b, m.Step, 10)
		lines[m.Key] = append(b, '\n')
	}
	for _, key := range order {
		path := filepath.Join(dir, metricsFolder, filepath.FromSlash(key))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
		if err != nil {
			return err
		}
		_, werr := f.Write(lines[key])
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return werr
		}
	}
	return nil
}

// lifecycleStage reads only the lifecycle_stage line of a run's meta.yaml
// (the check before every write; a full YAML parse costs most of a
// one-point write). MLflow writes it as a plain "active" or "deleted";
// a file without it is active, as MLflow reads it.
func lifecycleStage(dir string) (string, error) {
	data, err := os.ReadFile(filepath.Join(dir, metaFile))
	if err != nil {
		return "", err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "lifecycle_stage:"); ok {
			return strings.Trim(strings.TrimSpace(v), "'\""), nil
		}
	}
	return "active", nil
}
