package rest

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/kfc-dev/kfc/runtime/tracking"
)

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
