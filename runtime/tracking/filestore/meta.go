package filestore

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/kfc-dev/kfc/internal/py"
	"github.com/kfc-dev/kfc/runtime/tracking"
	"github.com/kfc-dev/kfc/runtime/tracking/localstore"
)

// expMeta is an experiment's meta.yaml.
type expMeta struct {
	ArtifactLocation string `yaml:"artifact_location"`
	CreationTime     *int64 `yaml:"creation_time"`
	ExperimentID     string `yaml:"experiment_id"`
	LastUpdateTime   *int64 `yaml:"last_update_time"`
	LifecycleStage   string `yaml:"lifecycle_stage"`
	Name             string `yaml:"name"`
}

// runMeta is a run's meta.yaml; legacy fields are kept as read.
type runMeta struct {
	ArtifactURI    string `yaml:"artifact_uri"`
	DeletedTime    *int64 `yaml:"deleted_time"`
	EndTime        *int64 `yaml:"end_time"`
	ExperimentID   string `yaml:"experiment_id"`
	LifecycleStage string `yaml:"lifecycle_stage"`
	RunID          string `yaml:"run_id"`
	RunName        string `yaml:"run_name"`
	RunUUID        string `yaml:"run_uuid"`
	StartTime      *int64 `yaml:"start_time"`
	Status         *int   `yaml:"status"`
	UserID         string `yaml:"user_id"`
}

// writeExperiment writes <id>/meta.yaml as _create_experiment_with_id
// does; tags live in files, not in meta.yaml. An empty artifactLocation
// gets "<artifact root>/<id>", a relative path is made absolute.
func (s *Store) writeExperiment(id, name, artifactLocation string, now int64) error {
	loc := s.artifactRoot + "/" + id
	if artifactLocation != "" {
		loc = artifactLocation
		if !strings.Contains(loc, ":") && !filepath.IsAbs(loc) {
			abs, err := filepath.Abs(loc)
			if err != nil {
				return err
			}
			loc = filepath.ToSlash(abs)
		}
	}
	dir := filepath.Join(s.root, id)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return writeFile(dir, filepath.Join(dir, metaFile), py.YAMLMapping([]py.YAMLItem{
		{Key: "artifact_location", Value: loc},
		{Key: "creation_time", Value: now},
		{Key: "experiment_id", Value: id},
		{Key: "last_update_time", Value: now},
		{Key: "lifecycle_stage", Value: "active"},
		{Key: "name", Value: name},
	}))
}

// runMetaYAML is a run's meta.yaml as MLflow writes it after create_run
// (its run-name tag rewrites the file without deleted_time) and after
// update_run_info: the legacy fields entry_point_name, source_name,
// source_type 4 (LOCAL), source_version and tags []; and run_uuid beside
// run_id, as MLflow 2.x wrote it, so that 2.x readers still load the run.
func runMetaYAML(m *runMeta) string {
	var end any
	if m.EndTime != nil {
		end = *m.EndTime
	}
	var start any
	if m.StartTime != nil {
		start = *m.StartTime
	}
	items := []py.YAMLItem{
		{Key: "artifact_uri", Value: m.ArtifactURI},
	}
	if m.DeletedTime != nil {
		items = append(items, py.YAMLItem{Key: "deleted_time", Value: *m.DeletedTime})
	}
	status := int64(tracking.StatusRunning)
	if m.Status != nil {
		status = int64(*m.Status)
	}
	items = append(items,
		py.YAMLItem{Key: "end_time", Value: end},
		py.YAMLItem{Key: "entry_point_name", Value: ""},
		py.YAMLItem{Key: "experiment_id", Value: m.ExperimentID},
		py.YAMLItem{Key: "lifecycle_stage", Value: orDefault(m.LifecycleStage, "active")},
		py.YAMLItem{Key: "run_id", Value: m.RunID},
		py.YAMLItem{Key: "run_name", Value: m.RunName},
		py.YAMLItem{Key: "run_uuid", Value: m.RunID},
		py.YAMLItem{Key: "source_name", Value: ""},
		py.YAMLItem{Key: "source_type", Value: int64(4)},
		py.YAMLItem{Key: "source_version", Value: ""},
		py.YAMLItem{Key: "start_time", Value: start},
		py.YAMLItem{Key: "status", Value: status},
		py.YAMLItem{Key: "tags", Value: py.EmptyList{}},
		py.YAMLItem{Key: "user_id", Value: m.UserID},
	)
	return py.YAMLMapping(items)
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func readYAML(path string, out any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := yaml.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// writeFile writes data to path through a temporary file in tmpDir (a
// folder MLflow does not read entries from, on the same file system) and
// a rename, creating path's folders: a reader sees the old file or the
// whole new one, never a part, and a crash leaves no half file behind.
func writeFile(tmpDir, path, data string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := writeTemp(tmpDir, data)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

func writeTemp(dir, data string) (string, error) {
	f, err := os.CreateTemp(dir, tmpPrefix+"*")
	if err != nil {
		return "", err
	}
	if _, err := io.WriteString(f, data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", err
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// createFile writes data to path only if path does not exist yet, whole
// (temporary file, then a hard link, which fails when path exists): two
// processes logging one param at once cannot both win. It reports whether
// it created the file.
func createFile(tmpDir, path, data string) (bool, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return false, err
	}
	tmp, err := writeTemp(tmpDir, data)
	if err != nil {
		return false, err
	}
	defer os.Remove(tmp)
	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, os.ErrExist) {
			return false, nil
		}
		return false, err
	}
	return true, nil
}

// readRunMeta reads <dir>/meta.yaml of a run.
func readRunMeta(dir string) (*runMeta, error) {
	var m runMeta
	if err := readYAML(filepath.Join(dir, metaFile), &m); err != nil {
		return nil, err
	}
	if m.RunID == "" {
		m.RunID = m.RunUUID
	}
	if m.RunID == "" {
		return nil, localstore.Errorf(localstore.InvalidState, "Run '%s' metadata is in invalid state.", filepath.Base(dir))
	}
	return &m, nil
}

func (m *runMeta) info() *tracking.RunInfo {
	r := &tracking.RunInfo{
		RunID: m.RunID, ExperimentID: m.ExperimentID, RunName: m.RunName, UserID: m.UserID,
		ArtifactURI: m.ArtifactURI, LifecycleStage: orDefault(m.LifecycleStage, "active"), Status: tracking.StatusRunning,
	}
	if m.Status != nil {
		r.Status = tracking.Status(*m.Status)
	}
	if m.StartTime != nil {
		r.StartTime = *m.StartTime
	}
	if m.EndTime != nil {
		r.EndTime = *m.EndTime
	}
	return r
}

func (m *expMeta) experiment() *tracking.Experiment {
	e := &tracking.Experiment{ID: m.ExperimentID, Name: m.Name, ArtifactLocation: m.ArtifactLocation,
		LifecycleStage: orDefault(m.LifecycleStage, "active"), Tags: map[string]string{}}
	if m.CreationTime != nil {
		e.CreationTime = *m.CreationTime
	}
	if m.LastUpdateTime != nil {
		e.LastUpdateTime = *m.LastUpdateTime
	}
	return e
}
