package recorder

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/kfc-dev/kfc/runtime/tracking"
)

// kedro-mlflow's dataset types that feed the run.
const (
	TypeMetric         = "kedro_mlflow.io.metrics.MlflowMetricDataset"
	TypeMetricHistory  = "kedro_mlflow.io.metrics.MlflowMetricHistoryDataset"
	TypeMetricsHistory = "kedro_mlflow.io.metrics.MlflowMetricsHistoryDataset"
	TypeArtifact       = "kedro_mlflow.io.artifacts.MlflowArtifactDataset"
)

// Tracked reports whether a dataset type is one RecordOutput logs.
func Tracked(typ string) bool {
	switch typ {
	case TypeMetric, TypeMetricHistory, TypeMetricsHistory, TypeArtifact:
		return true
	}
	return false
}

// datasetConfig is the part of a catalog entry kedro-mlflow reads.
type datasetConfig struct {
	Key          string `json:"key"`
	Prefix       string `json:"prefix"`
	RunID        string `json:"run_id"`
	ArtifactPath string `json:"artifact_path"`
	SaveArgs     struct {
		Step *int64 `json:"step"`
		Mode string `json:"mode"`
	} `json:"save_args"`
}

// RecordOutput logs what a node wrote at a kedro-mlflow dataset (name,
// catalog type and resolved config as in the plan) to the run, reading the
// file at localPath (docs/tracking.md, "Metrics from datasets"):
// metric datasets give metric points, an MlflowArtifactDataset's file or
// folder becomes an artifact under its artifact_path. Other types are
// ignored. A config run_id logs into that run instead, as kedro-mlflow does.
func (r *Recorder) RecordOutput(ctx context.Context, name, typ string, config json.RawMessage, localPath string) error {
	if !r.Enabled() || !Tracked(typ) {
		return nil
	}
	var cfg datasetConfig
	if len(config) > 0 {
		if err := json.Unmarshal(config, &cfg); err != nil {
			return fmt.Errorf("dataset %s: config: %v", name, err)
		}
	}
	runID := r.run.RunID
	if cfg.RunID != "" {
		runID = cfg.RunID
	}
	if typ == TypeArtifact {
		if err := r.store.LogArtifact(ctx, runID, localPath, cfg.ArtifactPath); err != nil {
			return fmt.Errorf("dataset %s: logging %s as an artifact: %w", name, localPath, err)
		}
		return nil
	}
	data, err := os.ReadFile(localPath)
	if err != nil {
		return fmt.Errorf("dataset %s: %w", name, err)
	}
	var points []tracking.Metric
	now := r.now().UnixMilli()
	switch typ {
	case TypeMetric:
		key := cfg.Key
		if key == "" {
			key = name
		}
		v, step, err := ParseMetricFile(key, data)
		if err != nil {
			return fmt.Errorf("dataset %s (%s): %w", name, localPath, err)
		}
		if step == nil {
			step = cfg.SaveArgs.Step
		}
		if step == nil {
			// kedro-mlflow: overwrite reuses the last step (0 when none), append takes the next.
			hist, err := r.store.MetricHistory(ctx, runID, key)
			if err != nil {
				return err
			}
			var s int64
			if len(hist) > 0 {
				s = hist[0].Step
				for _, h := range hist {
					s = max(s, h.Step)
				}
				if cfg.SaveArgs.Mode == "append" {
					s++
				}
			}
			step = &s
		}
		points = []tracking.Metric{{Key: key, Value: v, Timestamp: now, Step: *step}}
	case TypeMetricHistory:
		key := cfg.Key
		if key == "" {
			key = name
		}
		points, err = ParseMetricHistory(key, data, now)
	case TypeMetricsHistory:
		prefix := cfg.Prefix
		if prefix == "" {
			prefix = name
		}
		points, err = ParseMetricsHistory(prefix, data, now)
	}
	if err != nil {
		return fmt.Errorf("dataset %s (%s): %w", name, localPath, err)
	}
	return logChecked(ctx, r.store, runID, points, nil, nil)
}

// jsonNumber is one metric value from a metric file: a JSON number, or
// Python json's bare NaN, Infinity and -Infinity; bools and strings are
// refused as MLflow refuses them.
func jsonNumber(key string, raw json.RawMessage) (float64, error) {
	s := strings.TrimSpace(string(raw))
	switch s {
	case "NaN":
		return math.NaN(), nil
	case "Infinity":
		return math.Inf(1), nil
	case "-Infinity":
		return math.Inf(-1), nil
	case "true", "false":
		return 0, &tracking.LimitError{Msg: fmt.Sprintf("metric %q: value %s is a boolean; MLflow accepts only numbers (64-bit floating point)", key, s)}
	}
	if len(s) > 0 && (s[0] == '-' || s[0] >= '0' && s[0] <= '9') {
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f, nil
		}
	}
	return 0, &tracking.LimitError{Msg: fmt.Sprintf("metric %q: value %s is not a number; MLflow accepts only numbers (64-bit floating point)", key, abbrevText(s))}
}

func abbrevText(s string) string {
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return s
}

// pyJSON makes Python json's NaN/Infinity tokens (outside strings) valid
// JSON by quoting them into a marker jsonNumber turns back.
func pyJSON(data []byte) []byte {
	var out bytes.Buffer
	in := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		if in {
			out.WriteByte(c)
			if c == '\\' && i+1 < len(data) {
				i++
				out.WriteByte(data[i])
			} else if c == '"' {
				in = false
			}
			continue
		}
		switch {
		case c == '"':
			in = true
			out.WriteByte(c)
		case bytes.HasPrefix(data[i:], []byte("NaN")):
			out.WriteString(`{"\u0000":"NaN"}`)
			i += 2
		case bytes.HasPrefix(data[i:], []byte("-Infinity")):
			out.WriteString(`{"\u0000":"-Infinity"}`)
			i += 8
		case bytes.HasPrefix(data[i:], []byte("Infinity")):
			out.WriteString(`{"\u0000":"Infinity"}`)
			i += 7
		default:
			out.WriteByte(c)
		}
	}
	return out.Bytes()
}

// number reads a value pyJSON produced: a number or a NaN/Infinity marker.
func number(key string, raw json.RawMessage) (float64, error) {
	var marker map[string]string
	if json.Unmarshal(raw, &marker) == nil {
		if v, ok := marker["\x00"]; ok && len(marker) == 1 {
			return jsonNumber(key, json.RawMessage(v))
		}
	}
	return jsonNumber(key, raw)
}

// ParseMetricFile reads what a node writes at an MlflowMetricDataset: a
// number (`0.93`), or {"value": 0.93, "step": 2}.
func ParseMetricFile(key string, data []byte) (float64, *int64, error) {
	data = pyJSON(data)
	var obj struct {
		Value json.RawMessage `json:"value"`
		Step  *int64          `json:"step"`
	}
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '{' && !bytes.HasPrefix(t, []byte(`{"\u0000"`)) {
		if err := json.Unmarshal(t, &obj); err != nil || obj.Value == nil {
			return 0, nil, fmt.Errorf(`a metric file holds a number or {"value": NUMBER, "step": INT}`)
		}
		v, err := number(key, obj.Value)
		return v, obj.Step, err
	}
	v, err := number(key, data)
	return v, nil, err
}

type historyPoint struct {
	Step      *int64          `json:"step"`
	Value     json.RawMessage `json:"value"`
	Timestamp *int64          `json:"timestamp"`
}

func (h historyPoint) metric(key string, defStep, now int64) (tracking.Metric, error) {
	if h.Value == nil {
		return tracking.Metric{}, fmt.Errorf("metric %q: a history point needs a value", key)
	}
	v, err := number(key, h.Value)
	if err != nil {
		return tracking.Metric{}, err
	}
	m := tracking.Metric{Key: key, Value: v, Timestamp: now, Step: defStep}
	if h.Step != nil {
		m.Step = *h.Step
	}
	if h.Timestamp != nil {
		m.Timestamp = *h.Timestamp
	}
	return m, tracking.ValidateMetric(m)
}

// ParseMetricHistory reads an MlflowMetricHistoryDataset file in any of
// kedro-mlflow's modes: a list of numbers (step = index), a map of step
// to number, or a list of {"step", "value", "timestamp"?}.
func ParseMetricHistory(key string, data []byte, now int64) ([]tracking.Metric, error) {
	data = pyJSON(data)
	var list []json.RawMessage
	if err := json.Unmarshal(data, &list); err == nil {
		out := make([]tracking.Metric, 0, len(list))
		for i, it := range list {
			var h historyPoint
			if t := bytes.TrimSpace(it); len(t) > 0 && t[0] == '{' && json.Unmarshal(t, &h) == nil && h.Value != nil {
				m, err := h.metric(key, int64(i), now)
				if err != nil {
					return nil, err
				}
				out = append(out, m)
				continue
			}
			v, err := number(key, it)
			if err != nil {
				return nil, err
			}
			out = append(out, tracking.Metric{Key: key, Value: v, Timestamp: now, Step: int64(i)})
		}
		return out, nil
	}
	var byStep map[string]json.RawMessage
	if err := json.Unmarshal(data, &byStep); err != nil {
		return nil, fmt.Errorf("a metric history file holds a list of numbers, a map of step to number, or a list of {\"step\", \"value\"}")
	}
	steps := make([]string, 0, len(byStep))
	for s := range byStep {
		steps = append(steps, s)
	}
	sort.Slice(steps, func(i, j int) bool {
		a, _ := strconv.ParseInt(steps[i], 10, 64)
		b, _ := strconv.ParseInt(steps[j], 10, 64)
		return a < b
	})
	out := make([]tracking.Metric, 0, len(steps))
	for _, s := range steps {
		step, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("metric %q: step %q is not an integer", key, s)
		}
		v, err := number(key, byStep[s])
		if err != nil {
			return nil, err
		}
		out = append(out, tracking.Metric{Key: key, Value: v, Timestamp: now, Step: step})
	}
	return out, nil
}

// ParseMetricsHistory reads an MlflowMetricsHistoryDataset file:
// {"name": {"value", "step"} | [{"value", "step"}, ...]}, logged as
// metrics "<prefix>.<name>".
func ParseMetricsHistory(prefix string, data []byte, now int64) ([]tracking.Metric, error) {
	data = pyJSON(data)
	var all map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		return nil, fmt.Errorf(`a metrics file holds {"name": {"value": NUMBER, "step": INT}, ...}`)
	}
	names := make([]string, 0, len(all))
	for n := range all {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []tracking.Metric
	for _, n := range names {
		key := prefix + "." + n
		raw := bytes.TrimSpace(all[n])
		var pts []historyPoint
		if len(raw) > 0 && raw[0] == '[' {
			if err := json.Unmarshal(raw, &pts); err != nil {
				return nil, fmt.Errorf("metric %q: %v", key, err)
			}
		} else {
			var h historyPoint
			if err := json.Unmarshal(raw, &h); err != nil {
				return nil, fmt.Errorf("metric %q: expected {\"value\": NUMBER, \"step\": INT}", key)
			}
			pts = []historyPoint{h}
		}
		for _, h := range pts {
			m, err := h.metric(key, 0, now)
			if err != nil {
				return nil, err
			}
			out = append(out, m)
		}
	}
	return out, nil
}
