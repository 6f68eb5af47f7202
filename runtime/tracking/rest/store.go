package rest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/kfc-dev/kfc/runtime/tracking"
	"github.com/kfc-dev/kfc/runtime/tracking/localstore"
)

const api = "/api/2.0/mlflow/"

// ArtifactsAPI is the mlflow-artifacts proxy's base path.
const ArtifactsAPI = "/api/2.0/mlflow-artifacts/artifacts"

// Store is an MLflow tracking server.
type Store struct{ c *client }

var _ tracking.Store = (*Store)(nil)

// Open returns the store of the server at uri (http: or https:). It does
// not contact the server: Ping does.
func Open(uri string, o Options) (*Store, error) {
	c, err := newClient(uri, o)
	if err != nil {
		return nil, err
	}
	return &Store{c: c}, nil
}

// Ping checks that the server answers as MLflow does (an experiments
// search), with at most two retries, so a server that is down is
// reported in seconds rather than after MLflow's four-minute retry budget.
func (s *Store) Ping(ctx context.Context) error {
	var out searchExperimentsResponse
	return s.c.do(ctx, http.MethodGet, api+"experiments/search", url.Values{"max_results": {"1"}}, nil, "", &out, min(2, s.c.opt.MaxRetries))
}

// float is a double as MLflow's proto JSON writes it: a number, or
// "NaN", "Infinity", "-Infinity".
type float float64

func (f float) MarshalJSON() ([]byte, error) {
	v := float64(f)
	switch {
	case math.IsNaN(v):
		return []byte(`"NaN"`), nil
	case math.IsInf(v, 1):
		return []byte(`"Infinity"`), nil
	case math.IsInf(v, -1):
		return []byte(`"-Infinity"`), nil
	}
	return strconv.AppendFloat(nil, v, 'g', -1, 64), nil
}

func (f *float) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		switch s {
		case "NaN":
			*f = float(math.NaN())
		case "Infinity":
			*f = float(math.Inf(1))
		case "-Infinity":
			*f = float(math.Inf(-1))
		default:
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return fmt.Errorf("metric value %q is not a number", s)
			}
			*f = float(v)
		}
		return nil
	}
	var v float64
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*f = float(v)
	return nil
}

// int64s come as JSON numbers from MLflow but as strings from some
// proto JSON writers; both are read.
type int64s int64

func (i *int64s) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "null" || s == "" {
		return nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	*i = int64s(v)
	return err
}

type kv struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

type metricJSON struct {
	Key       string `json:"key"`
	Value     float  `json:"value"`
	Timestamp int64s `json:"timestamp"`
	Step      int64s `json:"step"`
}

func (m metricJSON) MarshalJSON() ([]byte, error) {
	v, _ := m.Value.MarshalJSON()
	k, _ := json.Marshal(m.Key)
	return fmt.Appendf(nil, `{"key":%s,"value":%s,"timestamp":%d,"step":%d}`, k, v, m.Timestamp, m.Step), nil
}

type experimentJSON struct {
	ExperimentID     string `json:"experiment_id"`
	Name             string `json:"name"`
	ArtifactLocation string `json:"artifact_location"`
	LifecycleStage   string `json:"lifecycle_stage"`
	CreationTime     int64s `json:"creation_time"`
	LastUpdateTime   int64s `json:"last_update_time"`
	Tags             []kv   `json:"tags"`
}

func (e *experimentJSON) experiment() *tracking.Experiment {
	x := &tracking.Experiment{ID: e.ExperimentID, Name: e.Name, ArtifactLocation: e.ArtifactLocation,
		LifecycleStage: e.LifecycleStage, CreationTime: int64(e.CreationTime), LastUpdateTime: int64(e.LastUpdateTime)}
	if len(e.Tags) > 0 {
		x.Tags = map[string]string{}
		for _, t := range e.Tags {
			x.Tags[t.Key] = t.Value
		}
	}
	return x
}

type runInfoJSON struct {
	RunID          string `json:"run_id"`
	RunUUID        string `json:"run_uuid"`
	RunName        string `json:"run_name"`
	ExperimentID   string `json:"experiment_id"`
	UserID         string `json:"user_id"`
	Status         string `json:"status"`
	StartTime      int64s `json:"start_time"`
	EndTime        int64s `json:"end_time"`
	ArtifactURI    string `json:"artifact_uri"`
	LifecycleStage string `json:"lifecycle_stage"`
}

func (r *runInfoJSON) info() tracking.RunInfo {
	id := r.RunID
	if id == "" {
		id = r.RunUUID
	}
	return tracking.RunInfo{RunID: id, ExperimentID: r.ExperimentID, RunName: r.RunName, UserID: r.UserID,
		Status: statusOf(r.Status), StartTime: int64(r.StartTime), EndTime: int64(r.EndTime),
		ArtifactURI: r.ArtifactURI, LifecycleStage: r.LifecycleStage}
}

func statusOf(s string) tracking.Status {
	for st := tracking.StatusRunning; st <= tracking.StatusKilled; st++ {
		if st.String() == s {
			return st
		}
	}
	return 0
}

type runJSON struct {
	Info runInfoJSON `json:"info"`
	Data struct {
		Metrics []metricJSON `json:"metrics"`
		Params  []kv         `json:"params"`
		Tags    []kv         `json:"tags"`
	} `json:"data"`
}

func (r *runJSON) run() *tracking.Run {
	out := &tracking.Run{Info: r.Info.info()}
	for _, p := range r.Data.Params {
		out.Params = append(out.Params, tracking.Param(p))
	}
	for _, t := range r.Data.Tags {
		out.Tags = append(out.Tags, tracking.Tag(t))
	}
	for _, m := range r.Data.Metrics {
		out.Metrics = append(out.Metrics, tracking.Metric{Key: m.Key, Value: float64(m.Value), Timestamp: int64(m.Timestamp), Step: int64(m.Step)})
	}
	sortRun(out)
	return out
}

type searchExperimentsResponse struct {
	Experiments   []experimentJSON `json:"experiments"`
	NextPageToken string           `json:"next_page_token"`
}

func (s *Store) GetExperimentByName(ctx context.Context, name string) (*tracking.Experiment, error) {
	var out struct {
		Experiment experimentJSON `json:"experiment"`
	}
	err := s.c.get(ctx, api+"experiments/get-by-name", url.Values{"experiment_name": {name}}, &out)
	if IsCode(err, "RESOURCE_DOES_NOT_EXIST") {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return out.Experiment.experiment(), nil
}

func (s *Store) CreateExperiment(ctx context.Context, name, artifactLocation string, tags []tracking.Tag) (string, error) {
	in := map[string]any{"name": name}
	if artifactLocation != "" {
		in["artifact_location"] = artifactLocation
	}
	if len(tags) > 0 {
		in["tags"] = kvs(tags)
	}
	var out struct {
		ExperimentID string `json:"experiment_id"`
	}
	if err := s.c.postJSON(ctx, api+"experiments/create", in, &out); err != nil {
		return "", err
	}
	return out.ExperimentID, nil
}

func (s *Store) ListExperiments(ctx context.Context) ([]*tracking.Experiment, error) {
	var all []*tracking.Experiment
	token := ""
	for {
		in := map[string]any{"max_results": 1000}
		if token != "" {
			in["page_token"] = token
		}
		var out searchExperimentsResponse
		if err := s.c.postJSON(ctx, api+"experiments/search", in, &out); err != nil {
			return nil, err
		}
		for i := range out.Experiments {
			all = append(all, out.Experiments[i].experiment())
		}
		if out.NextPageToken == "" {
			return all, nil
		}
		token = out.NextPageToken
	}
}

func kvs(list []tracking.Tag) []kv {
	out := make([]kv, len(list))
	for i, t := range list {
		out[i] = kv(t)
	}
	return out
}

func paramKVs(list []tracking.Param) []kv {
	out := make([]kv, len(list))
	for i, p := range list {
		out[i] = kv(p)
	}
	return out
}

// sortRun orders a run's data by key, as the Store interface promises.
func sortRun(r *tracking.Run) {
	sort.Slice(r.Params, func(i, j int) bool { return r.Params[i].Key < r.Params[j].Key })
	sort.Slice(r.Tags, func(i, j int) bool { return r.Tags[i].Key < r.Tags[j].Key })
	sort.Slice(r.Metrics, func(i, j int) bool { return r.Metrics[i].Key < r.Metrics[j].Key })
}

func (s *Store) CreateRun(ctx context.Context, req tracking.CreateRunRequest) (*tracking.RunInfo, error) {
	in := map[string]any{"experiment_id": req.ExperimentID, "start_time": req.StartTime, "tags": kvs(req.Tags)}
	if req.UserID != "" {
		in["user_id"] = req.UserID
	}
	if req.RunName != "" {
		in["run_name"] = req.RunName
	}
	var out struct {
		Run runJSON `json:"run"`
	}
	if err := s.c.postJSON(ctx, api+"runs/create", in, &out); err != nil {
		return nil, err
	}
	info := out.Run.Info.info()
	return &info, nil
}

// LogBatch sends one runs/log-batch request per piece of MLflow's batch
// limits; the data is checked before the first request.
func (s *Store) LogBatch(ctx context.Context, runID string, metrics []tracking.Metric, params []tracking.Param, tags []tracking.Tag) error {
	for _, b := range tracking.SplitBatches(metrics, params, tags) {
		if err := tracking.ValidateBatch(b.Metrics, b.Params, b.Tags); err != nil {
			return err
		}
	}
	for _, b := range tracking.SplitBatches(metrics, params, tags) {
		ms := make([]metricJSON, len(b.Metrics))
		for i, m := range b.Metrics {
			ms[i] = metricJSON{Key: m.Key, Value: float(m.Value), Timestamp: int64s(m.Timestamp), Step: int64s(m.Step)}
		}
		in := map[string]any{"run_id": runID, "metrics": ms, "params": paramKVs(b.Params), "tags": kvs(b.Tags)}
		if err := s.c.postJSON(ctx, api+"runs/log-batch", in, nil); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) UpdateRun(ctx context.Context, runID string, status tracking.Status, endTime int64) error {
	in := map[string]any{"run_id": runID, "run_uuid": runID, "status": status.String()}
	if endTime > 0 {
		in["end_time"] = endTime
	}
	return s.c.postJSON(ctx, api+"runs/update", in, nil)
}

func (s *Store) GetRun(ctx context.Context, runID string) (*tracking.Run, error) {
	var out struct {
		Run runJSON `json:"run"`
	}
	if err := s.c.get(ctx, api+"runs/get", url.Values{"run_id": {runID}}, &out); err != nil {
		return nil, err
	}
	return out.Run.run(), nil
}

func (s *Store) MetricHistory(ctx context.Context, runID, key string) ([]tracking.Metric, error) {
	var all []tracking.Metric
	token := ""
	for {
		q := url.Values{"run_id": {runID}, "metric_key": {key}, "max_results": {"25000"}}
		if token != "" {
			q.Set("page_token", token)
		}
		var out struct {
			Metrics       []metricJSON `json:"metrics"`
			NextPageToken string       `json:"next_page_token"`
		}
		if err := s.c.get(ctx, api+"metrics/get-history", q, &out); err != nil {
			return nil, err
		}
		for _, m := range out.Metrics {
			all = append(all, tracking.Metric{Key: m.Key, Value: float64(m.Value), Timestamp: int64(m.Timestamp), Step: int64(m.Step)})
		}
		if out.NextPageToken == "" {
			return all, nil
		}
		token = out.NextPageToken
	}
}

func (s *Store) SearchRuns(ctx context.Context, experimentIDs []string, maxResults int) ([]*tracking.Run, error) {
	var all []*tracking.Run
	token := ""
	for maxResults <= 0 || len(all) < maxResults {
		page := 1000
		if maxResults > 0 {
			page = min(page, maxResults-len(all))
		}
		in := map[string]any{"experiment_ids": experimentIDs, "max_results": page,
			"order_by": []string{"attributes.start_time DESC"}, "run_view_type": "ACTIVE_ONLY"}
		if token != "" {
			in["page_token"] = token
		}
		var out struct {
			Runs          []runJSON `json:"runs"`
			NextPageToken string    `json:"next_page_token"`
		}
		if err := s.c.postJSON(ctx, api+"runs/search", in, &out); err != nil {
			return nil, err
		}
		for i := range out.Runs {
			all = append(all, out.Runs[i].run())
		}
		if out.NextPageToken == "" {
			break
		}
		token = out.NextPageToken
	}
	return all, nil
}

// artifactEndpoint is where the proxy keeps the run's artifact root: an
// mlflow-artifacts:/<exp>/<run>/artifacts URI maps to
// /api/2.0/mlflow-artifacts/artifacts/<exp>/<run>/artifacts (on the host
// the URI names, else the tracking server), as MLflow's
// MlflowArtifactsRepository.resolve_uri does.
func (s *Store) artifactEndpoint(ctx context.Context, runID string) (*client, string, error) {
	run, err := s.GetRun(ctx, runID)
	if err != nil {
		return nil, "", err
	}
	u, err := url.Parse(run.Info.ArtifactURI)
	if err == nil && u.Scheme != "mlflow-artifacts" {
		if _, lerr := localstore.LocalPath(run.Info.ArtifactURI); lerr == nil {
			return nil, run.Info.ArtifactURI, errLocalArtifacts
		}
	}
	if err != nil || u.Scheme != "mlflow-artifacts" {
		return nil, "", fmt.Errorf("run %s stores its artifacts at %q, which is not the server's artifact proxy (mlflow-artifacts:); kfc uploads artifacts only through the proxy (start the server with --serve-artifacts, its default)", runID, run.Info.ArtifactURI)
	}
	c := s.c
	if u.Host != "" {
		cc := *s.c
		b := *s.c.base
		b.Host = u.Host
		cc.base = &b
		c = &cc
	}
	return c, ArtifactsAPI + strings.TrimRight(u.Path, "/"), nil
}

// errLocalArtifacts says the server keeps the run's artifacts in a local
// folder (a server without --serve-artifacts on this machine): MLflow's
// client then writes there itself, and so does kfc.
var errLocalArtifacts = errors.New("local artifact root")

func (s *Store) LogArtifact(ctx context.Context, runID, localPath, artifactPath string) error {
	if strings.Contains(artifactPath, "..") {
		return fmt.Errorf("artifact path %q must not contain '..'", artifactPath)
	}
	c, root, err := s.artifactEndpoint(ctx, runID)
	if err == errLocalArtifacts {
		return localstore.CopyArtifact(root, localPath, artifactPath)
	}
	if err != nil {
		return err
	}
	fi, err := os.Stat(localPath)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return s.put(ctx, c, root, localPath, path.Join(artifactPath, filepath.Base(localPath)))
	}
	base := filepath.Base(filepath.Clean(localPath))
	return filepath.WalkDir(localPath, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(localPath, p)
		if err != nil {
			return err
		}
		return s.put(ctx, c, root, p, path.Join(artifactPath, base, filepath.ToSlash(rel)))
	})
}

func (s *Store) put(ctx context.Context, c *client, root, local, rel string) error {
	data, err := os.ReadFile(local)
	if err != nil {
		return err
	}
	ct := mime.TypeByExtension(path.Ext(rel))
	if ct == "" {
		ct = "application/octet-stream"
	}
	return c.do(ctx, http.MethodPut, root+"/"+escapePath(rel), nil, data, ct, nil, -1)
}

func escapePath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}

func (s *Store) ListArtifacts(ctx context.Context, runID, dir string) ([]tracking.ArtifactInfo, error) {
	c, root, err := s.artifactEndpoint(ctx, runID)
	if err == errLocalArtifacts {
		return localstore.ListArtifacts(root, dir)
	}
	if err != nil {
		return nil, err
	}
	p := strings.TrimPrefix(root, ArtifactsAPI+"/")
	if dir != "" {
		p = path.Join(p, dir)
	}
	var out struct {
		Files []struct {
			Path     string `json:"path"`
			IsDir    bool   `json:"is_dir"`
			FileSize int64s `json:"file_size"`
		} `json:"files"`
	}
	if err := c.get(ctx, ArtifactsAPI, url.Values{"path": {p}}, &out); err != nil {
		return nil, err
	}
	list := make([]tracking.ArtifactInfo, 0, len(out.Files))
	for _, f := range out.Files {
		// The proxy answers base names; the interface wants paths from the root.
		list = append(list, tracking.ArtifactInfo{Path: path.Join(dir, path.Base(f.Path)), IsDir: f.IsDir, Size: int64(f.FileSize)})
	}
	return list, nil
}

func (s *Store) Close() error { return nil }
