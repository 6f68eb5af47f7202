package rest

import (
	"context"
	"net/http"
	"net/url"
	"sort"

	"github.com/kfc-dev/kfc/runtime/tracking"
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

func (s *Store) Close() error { return nil }
