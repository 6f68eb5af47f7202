package filestore

import (
	"bufio"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/kfc-dev/kfc/internal/py"
	"github.com/kfc-dev/kfc/runtime/tracking"
	"github.com/kfc-dev/kfc/runtime/tracking/localstore"
)

// experiments reads every experiment under parent (the root or .trash).
func (s *Store) experiments(parent string) ([]*tracking.Experiment, error) {
	entries, err := os.ReadDir(parent)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []*tracking.Experiment
	for _, e := range entries {
		if !e.IsDir() || e.Name() == trashFolder || e.Name() == modelsFolder {
			continue
		}
		exp, err := s.readExperiment(filepath.Join(parent, e.Name()))
		if errors.Is(err, os.ErrNotExist) {
			continue // not an experiment folder (MLflow skips it with a warning)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, exp)
	}
	return out, nil
}

// GetExperimentByName finds an experiment, active or deleted, by name.
func (s *Store) GetExperimentByName(ctx context.Context, name string) (*tracking.Experiment, error) {
	for _, parent := range []string{s.root, filepath.Join(s.root, trashFolder)} {
		exps, err := s.experiments(parent)
		if err != nil {
			return nil, err
		}
		for _, e := range exps {
			if e.Name == name {
				return e, nil
			}
		}
	}
	return nil, nil
}

// ListExperiments lists the active experiments, newest creation first.
func (s *Store) ListExperiments(ctx context.Context) ([]*tracking.Experiment, error) {
	exps, err := s.experiments(s.root)
	if err != nil {
		return nil, err
	}
	var out []*tracking.Experiment
	for _, e := range exps {
		if e.LifecycleStage == "active" {
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].CreationTime != out[j].CreationTime {
			return out[i].CreationTime > out[j].CreationTime
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// readTree reads every file under dir as key (its path below dir, with
// "/") and value (its content); a missing dir is empty. Temporary files
// of a write in progress are skipped.
func readTree(dir string, add func(k, v string)) error {
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), tmpPrefix) {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		add(filepath.ToSlash(rel), string(data))
		return nil
	})
	return err
}

// listTree is the keys readTree would give, without reading the files.
func listTree(dir string) ([]string, error) {
	var keys []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil
			}
			return err
		}
		if !d.IsDir() && !strings.HasPrefix(d.Name(), tmpPrefix) {
			rel, _ := filepath.Rel(dir, p)
			keys = append(keys, filepath.ToSlash(rel))
		}
		return nil
	})
	return keys, err
}

// GetRun reads a run with its params, tags and latest metrics.
func (s *Store) GetRun(ctx context.Context, runID string) (*tracking.Run, error) {
	dir, err := s.runDir(runID)
	if err != nil {
		return nil, err
	}
	return s.readRun(dir)
}

func (s *Store) readRun(dir string) (*tracking.Run, error) {
	m, err := readRunMeta(dir)
	if err != nil {
		return nil, err
	}
	run := &tracking.Run{Info: *m.info()}
	if err := readTree(filepath.Join(dir, paramsFolder), func(k, v string) {
		run.Params = append(run.Params, tracking.Param{Key: k, Value: v})
	}); err != nil {
		return nil, err
	}
	if err := readTree(filepath.Join(dir, tagsFolder), func(k, v string) {
		run.Tags = append(run.Tags, tracking.Tag{Key: k, Value: v})
	}); err != nil {
		return nil, err
	}
	keys, err := listTree(filepath.Join(dir, metricsFolder))
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		h, err := readMetric(filepath.Join(dir, metricsFolder, filepath.FromSlash(k)), k)
		if err != nil {
			return nil, err
		}
		if len(h) == 0 {
			continue
		}
		best := h[0]
		for _, p := range h[1:] {
			if newer(p, best) {
				best = p
			}
		}
		run.Metrics = append(run.Metrics, best)
	}
	sort.Slice(run.Params, func(i, j int) bool { return run.Params[i].Key < run.Params[j].Key })
	sort.Slice(run.Tags, func(i, j int) bool { return run.Tags[i].Key < run.Tags[j].Key })
	sort.Slice(run.Metrics, func(i, j int) bool { return run.Metrics[i].Key < run.Metrics[j].Key })
	return run, nil
}

// newer is the FileStore's latest rule: the max by (step, timestamp,
// value), the first one winning ties (NaN never compares greater).
func newer(a, b tracking.Metric) bool {
	if a.Step != b.Step {
		return a.Step > b.Step
	}
	if a.Timestamp != b.Timestamp {
		return a.Timestamp > b.Timestamp
	}
	return a.Value > b.Value
}

// readMetric parses a metric file: lines "ts value", "ts value step" or
// "ts value step dataset_name dataset_digest" (_get_metric_from_line).
func readMetric(path, key string) ([]tracking.Metric, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []tracking.Metric
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		// MLflow splits the stripped line on single spaces, so a blank line
		// or a double space is malformed there too.
		fields := strings.Split(strings.TrimSpace(sc.Text()), " ")
		if len(fields) != 2 && len(fields) != 3 && len(fields) != 5 {
			return nil, localstore.Errorf(localstore.InternalError, "Metric '%s' is malformed; persisted metric data contained %d fields. Expected 2, 3, or 5 fields. (%s line %d)", key, len(fields), path, line)
		}
		ts, err1 := strconv.ParseInt(fields[0], 10, 64)
		v, err2 := py.ParseFloat(fields[1]) // MLflow reads it with float()
		var step int64
		var err3 error
		if len(fields) == 3 { // MLflow 3.6 reads step 0 from a five-field line
			step, err3 = strconv.ParseInt(fields[2], 10, 64)
		}
		if err := errors.Join(err1, err2, err3); err != nil {
			return nil, localstore.Errorf(localstore.InternalError, "%s line %d: %v", path, line, err)
		}
		out = append(out, tracking.Metric{Key: key, Value: v, Timestamp: ts, Step: step})
	}
	return out, sc.Err()
}

// MetricHistory is every point of one metric in file (logging) order.
func (s *Store) MetricHistory(ctx context.Context, runID, key string) ([]tracking.Metric, error) {
	if err := localstore.ValidateKey("name", key); err != nil {
		return nil, err
	}
	dir, err := s.runDir(runID)
	if err != nil {
		return nil, err
	}
	h, err := readMetric(filepath.Join(dir, metricsFolder, filepath.FromSlash(key)), key)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	return h, err
}

// SearchRuns lists the active runs of the experiments (every active
// experiment when none is given), newest start first, then by run id.
func (s *Store) SearchRuns(ctx context.Context, experimentIDs []string, maxResults int) ([]*tracking.Run, error) {
	return s.searchRuns(ctx, experimentIDs, maxResults, false)
}

// SearchRunningRuns is SearchRuns of the RUNNING runs only
// (tracking.RunningSearcher): an earlier run costs one read of its
// meta.yaml, not of each of its params, tags and metrics files, which
// every kfc exec paid for every run its experiment ever had.
func (s *Store) SearchRunningRuns(ctx context.Context, experimentIDs []string, maxResults int) ([]*tracking.Run, error) {
	return s.searchRuns(ctx, experimentIDs, maxResults, true)
}

func (s *Store) searchRuns(ctx context.Context, experimentIDs []string, maxResults int, running bool) ([]*tracking.Run, error) {
	if len(experimentIDs) == 0 {
		exps, err := s.ListExperiments(ctx)
		if err != nil {
			return nil, err
		}
		for _, e := range exps {
			experimentIDs = append(experimentIDs, e.ID)
		}
	}
	var out []*tracking.Run
	for _, id := range experimentIDs {
		dir, err := s.experimentDir(id)
		if err != nil || dir == "" {
			if err == nil {
				err = localstore.Errorf(localstore.ResourceDoesNotExist, "Experiment %s does not exist.", id)
			}
			return nil, err
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if !e.IsDir() || reserved[e.Name()] {
				continue
			}
			runDir := filepath.Join(dir, e.Name())
			if running {
				m, err := readRunMeta(runDir)
				if errors.Is(err, os.ErrNotExist) {
					continue
				}
				if err != nil {
					return nil, err
				}
				if info := m.info(); info.Status != tracking.StatusRunning || info.LifecycleStage != "active" {
					continue
				}
			}
			run, err := s.readRun(runDir)
			if errors.Is(err, os.ErrNotExist) {
				continue // a folder without meta.yaml: MLflow skips it as malformed
			}
			if err != nil {
				return nil, err
			}
			if run.Info.LifecycleStage == "active" {
				out = append(out, run)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Info.StartTime != out[j].Info.StartTime {
			return out[i].Info.StartTime > out[j].Info.StartTime
		}
		return out[i].Info.RunID < out[j].Info.RunID
	})
	if maxResults > 0 && len(out) > maxResults {
		out = out[:maxResults]
	}
	return out, nil
}

// LogArtifact copies a local file or folder under the run's artifact_uri.
func (s *Store) LogArtifact(ctx context.Context, runID, localPath, artifactPath string) error {
	dir, err := s.runDir(runID)
	if err != nil {
		return err
	}
	m, err := readRunMeta(dir)
	if err != nil {
		return err
	}
	return localstore.CopyArtifact(ctx, m.ArtifactURI, localPath, artifactPath)
}

// ListArtifacts lists one folder of the run's artifacts.
func (s *Store) ListArtifacts(ctx context.Context, runID, path string) ([]tracking.ArtifactInfo, error) {
	dir, err := s.runDir(runID)
	if err != nil {
		return nil, err
	}
	m, err := readRunMeta(dir)
	if err != nil {
		return nil, err
	}
	return localstore.ListArtifacts(m.ArtifactURI, path)
}
