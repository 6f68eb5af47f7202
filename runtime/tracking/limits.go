package tracking

import (
	"fmt"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/kfc-dev/kfc/internal/esc"
	"github.com/kfc-dev/kfc/internal/py"
)

// MLflow's limits, from mlflow/utils/validation.py at 3.6 (lengths count
// Unicode code points, as Python's len() does).
const (
	MaxKeyLength            = 250  // MAX_ENTITY_KEY_LENGTH: param, metric and tag keys
	MaxParamValueLength     = 6000 // MAX_PARAM_VAL_LENGTH
	MaxTagValueLength       = 8000 // MAX_TAG_VAL_LENGTH
	MaxExperimentNameLength = 500  // MAX_EXPERIMENT_NAME_LENGTH
	MaxMetricsPerBatch      = 1000 // MAX_METRICS_PER_BATCH
	MaxParamsTagsPerBatch   = 100  // MAX_PARAMS_TAGS_PER_BATCH, each of params and tags
	MaxEntitiesPerBatch     = 1000 // MAX_ENTITIES_PER_BATCH: metrics+params+tags
)

// LimitError is a value MLflow would refuse, naming what it is.
type LimitError struct{ Msg string }

func (e *LimitError) Error() string { return e.Msg }

func limitErr(format string, args ...any) error {
	return &LimitError{Msg: fmt.Sprintf(format, args...)}
}

// ValidateKey checks a param, metric or tag key as MLflow's
// _validate_param_name and the key length limit do; kind names it in the
// message ("param", "metric", "tag").
func ValidateKey(kind, key string) error {
	if key == "" && kind != "tag" {
		// MLflow accepts "" by the regex but the stores then fail on it.
		return limitErr("%s key is empty", kind)
	}
	if !ValidKeyChars(key) {
		return limitErr("%s key %s: names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/)", kind, jsonStr(key))
	}
	if norm := path.Clean(key); key != "" && (norm != key || norm == "." || strings.HasPrefix(norm, "..") || strings.HasPrefix(norm, "/")) {
		return limitErr("%s key %s would resolve to %s when treated as a file name (MLflow refuses it)", kind, jsonStr(key), jsonStr(norm))
	}
	if n := utf8.RuneCountInString(key); n > MaxKeyLength {
		return limitErr("%s key %s is %d characters long; MLflow allows at most %d", kind, jsonStr(abbrev(key)), n, MaxKeyLength)
	}
	return nil
}

// ValidateParam checks a param. An over-long value is an error unless
// truncate is set, when it is cut to the limit as MLflow does with
// MLFLOW_TRUNCATE_LONG_VALUES (the returned value; truncated reports it).
func ValidateParam(key, value string, truncate bool) (v string, truncated bool, err error) {
	if err := ValidateKey("param", key); err != nil {
		return "", false, err
	}
	return validateValue("param", key, value, MaxParamValueLength, truncate)
}

// ValidateTag is ValidateParam for a run tag (limit 8000).
func ValidateTag(key, value string, truncate bool) (string, bool, error) {
	if err := ValidateKey("tag", key); err != nil {
		return "", false, err
	}
	return validateValue("tag", key, value, MaxTagValueLength, truncate)
}

func validateValue(kind, key, value string, limit int, truncate bool) (string, bool, error) {
	n := utf8.RuneCountInString(value)
	if n <= limit {
		return value, false, nil
	}
	if !truncate {
		return "", false, limitErr("%s %s: value is %d characters long; MLflow allows at most %d", kind, jsonStr(abbrev(key)), n, limit)
	}
	return string([]rune(value)[:limit]), true, nil
}

// ValidateMetric checks a metric point as _validate_metric does for what
// a float64 can hold: the key, and a non-negative timestamp.
func ValidateMetric(m Metric) error {
	if err := ValidateKey("metric", m.Key); err != nil {
		return err
	}
	if m.Timestamp < 0 {
		return limitErr("metric %s: timestamp %d must be a nonnegative long (64-bit integer)", jsonStr(m.Key), m.Timestamp)
	}
	return nil
}

// ParseMetricValue reads a metric value given as text (kfc log metric, a
// metric file) as a double, refusing what MLflow's _is_numeric refuses:
// booleans and text. The text is read as Python's float() reads it
// (py.ParseFloat): nan, inf and -inf are doubles and accepted, 1_000 is a
// thousand, 0x1p3 is text.
func ParseMetricValue(key, text string) (float64, error) {
	s := strings.TrimSpace(text)
	switch strings.ToLower(s) {
	case "true", "false":
		return 0, limitErr("metric %s: value %s is a boolean; MLflow accepts only numbers (64-bit floating point)", jsonStr(key), s)
	}
	if f, err := py.ParseFloat(text); err == nil {
		return f, nil
	}
	return 0, limitErr("metric %s: value %s is not a number; MLflow accepts only numbers (64-bit floating point)", jsonStr(key), jsonStr(text))
}

// ValidateBatch checks a log-batch request's sizes and its data.
func ValidateBatch(metrics []Metric, params []Param, tags []Tag) error {
	switch {
	case len(metrics) > MaxMetricsPerBatch:
		return limitErr("a batch logging request can contain at most %d metrics; got %d", MaxMetricsPerBatch, len(metrics))
	case len(params) > MaxParamsTagsPerBatch:
		return limitErr("a batch logging request can contain at most %d params; got %d", MaxParamsTagsPerBatch, len(params))
	case len(tags) > MaxParamsTagsPerBatch:
		return limitErr("a batch logging request can contain at most %d tags; got %d", MaxParamsTagsPerBatch, len(tags))
	case len(metrics)+len(params)+len(tags) > MaxEntitiesPerBatch:
		return limitErr("a batch logging request can contain at most %d metrics, params, and tags; got %d", MaxEntitiesPerBatch, len(metrics)+len(params)+len(tags))
	}
	seen := map[string]bool{}
	for _, p := range params {
		if seen[p.Key] {
			return limitErr("param %s appears twice in one batch", jsonStr(p.Key))
		}
		seen[p.Key] = true
		if _, _, err := ValidateParam(p.Key, p.Value, false); err != nil {
			return err
		}
	}
	for _, t := range tags {
		if _, _, err := ValidateTag(t.Key, t.Value, false); err != nil {
			return err
		}
	}
	for _, m := range metrics {
		if err := ValidateMetric(m); err != nil {
			return err
		}
	}
	return nil
}

// Batch is one log-batch request's worth of data.
type Batch struct {
	Metrics []Metric
	Params  []Param
	Tags    []Tag
}

// SplitBatches cuts metrics, params and tags into requests within MLflow's
// batch limits, params and tags first, in the order given.
func SplitBatches(metrics []Metric, params []Param, tags []Tag) []Batch {
	var out []Batch
	for len(metrics)+len(params)+len(tags) > 0 {
		var b Batch
		n := min(len(params), MaxParamsTagsPerBatch)
		b.Params, params = params[:n:n], params[n:]
		n = min(len(tags), MaxParamsTagsPerBatch)
		b.Tags, tags = tags[:n:n], tags[n:]
		n = min(len(metrics), MaxMetricsPerBatch, MaxEntitiesPerBatch-len(b.Params)-len(b.Tags))
		b.Metrics, metrics = metrics[:n:n], metrics[n:]
		out = append(out, b)
	}
	return out
}

// jsonStr quotes a key or value in a message as a JSON string (kfc's one
// JSON string encoder); the CLI escapes the message for the terminal.
func jsonStr(s string) string { return string(esc.AppendJSONString(nil, s)) }

func abbrev(s string) string {
	if utf8.RuneCountInString(s) <= 60 {
		return s
	}
	return string([]rune(s)[:57]) + "..."
}
