package recorder

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/kfc-dev/kfc/internal/py"
	"github.com/kfc-dev/kfc/runtime/tracking"
)

// ParamsConfig is mlflow.yml's tracking.params (kedro-mlflow 2.x; its defaults via DefaultParamsConfig).
type ParamsConfig struct {
	Flatten            bool   // dict_params.flatten, default false
	Recursive          bool   // dict_params.recursive, default true
	Sep                string // dict_params.sep, default "."
	LongParamsStrategy string // fail (default) | truncate | tag
}

// DefaultParamsConfig is kedro-mlflow's default tracking.params.
func DefaultParamsConfig() ParamsConfig {
	return ParamsConfig{Recursive: true, Sep: ".", LongParamsStrategy: "fail"}
}

// RunParams is what a run logs for its parameters: params, and the
// over-long ones turned into tags under long_params_strategy: tag.
type RunParams struct {
	Params   []tracking.Param
	Tags     []tracking.Tag
	Warnings []string // key sanitising, truncation
}

// PipelineParams turns the parameters a plan's nodes consume ("params:x"
// or "parameters" -> JSON value, the union of the nodes' `parameters`) into
// what kedro-mlflow's before_node_run logs: key x (or "parameters"),
// flattened per dict_params, characters outside MLflow's key set replaced
// by "_", each value as Python's str() writes it, over-long values per
// long_params_strategy.
func PipelineParams(consumed map[string]json.RawMessage, cfg ParamsConfig) (RunParams, error) {
	var out RunParams
	names := make([]string, 0, len(consumed))
	for n := range consumed {
		names = append(names, n)
	}
	sort.Strings(names)
	seen := map[string]string{}
	for _, ref := range names {
		key := ref
		if ref != "parameters" {
			k, ok := strings.CutPrefix(ref, "params:")
			if !ok {
				return out, fmt.Errorf("parameter reference %q is neither params:NAME nor parameters", ref)
			}
			key = k
		}
		v, err := decodeValue(consumed[ref])
		if err != nil {
			return out, fmt.Errorf("parameter %s: %v", ref, err)
		}
		items := []flatItem{{key, v}}
		if cfg.Flatten {
			items = flattenValue(key, v, cfg.Recursive, cfg.Sep)
		}
		for _, it := range items {
			k := it.key
			if s := tracking.SafeKey(k); s != k {
				out.Warnings = append(out.Warnings, fmt.Sprintf("parameter key %q holds characters MLflow refuses; logged as %q (as kedro-mlflow does)", k, s))
				k = s
			}
			if err := tracking.ValidateKey("param", k); err != nil {
				return out, err
			}
			s := pyStr(it.value)
			if prev, dup := seen[k]; dup {
				if prev != s {
					return out, fmt.Errorf("parameter %q would be logged twice with different values (%q, %q); MLflow params are immutable", k, prev, s)
				}
				continue
			}
			seen[k] = s
			if err := addParam(&out, k, s, cfg.LongParamsStrategy); err != nil {
				return out, err
			}
		}
	}
	return out, nil
}

type flatItem struct {
	key   string
	value *value
}

// flattenValue is kedro-mlflow's _flatten_dict({key: v}): a dict expands
// to key<sep>subkey entries (all levels when recursive, one otherwise); an
// empty dict logs nothing.
func flattenValue(key string, v *value, recursive bool, sep string) []flatItem {
	if v.kind != 'd' {
		return []flatItem{{key, v}}
	}
	var out []flatItem
	for i, k := range v.keys {
		sub := key + sep + k
		if recursive {
			out = append(out, flattenValue(sub, v.items[i], true, sep)...)
		} else {
			out = append(out, flatItem{sub, v.items[i]})
		}
	}
	return out
}

func addParam(out *RunParams, key, s, strategy string) error {
	n := utf8.RuneCountInString(s)
	if n <= tracking.MaxParamValueLength {
		out.Params = append(out.Params, tracking.Param{Key: key, Value: s})
		return nil
	}
	switch strategy {
	case "truncate":
		out.Params = append(out.Params, tracking.Param{Key: key, Value: string([]rune(s)[:tracking.MaxParamValueLength])})
		out.Warnings = append(out.Warnings, fmt.Sprintf("parameter %q (%d characters) truncated to %d (long_params_strategy: truncate)", key, n, tracking.MaxParamValueLength))
	case "tag":
		if _, _, err := tracking.ValidateTag(key, s, false); err != nil {
			return fmt.Errorf("parameter %q is %d characters long; logged as a tag (long_params_strategy: tag) it exceeds MLflow's %d-character tag limit", key, n, tracking.MaxTagValueLength)
		}
		out.Tags = append(out.Tags, tracking.Tag{Key: key, Value: s})
	default: // fail, kedro-mlflow's default
		return fmt.Errorf("parameter %q is %d characters long as MLflow logs it (str(value)); MLflow allows at most %d (mlflow.yml tracking.params.long_params_strategy is fail; use truncate or tag, or flatten dict_params)", key, n, tracking.MaxParamValueLength)
	}
	return nil
}

// EntryPointParams are an MLproject run's params as `mlflow run` logs
// them (mlflow/projects/utils.py _create_run): compute_parameters'
// declared and extra parameters, each value str()-ed and then
// shlex-quoted by _sanitize_param_dict, so 'a b' is logged with its quotes.
func EntryPointParams(values map[string]string) (RunParams, error) {
	var out RunParams
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := py.ShellQuote(values[k])
		if _, _, err := tracking.ValidateParam(k, v, false); err != nil {
			return out, fmt.Errorf("entry-point parameter: %v", err)
		}
		out.Params = append(out.Params, tracking.Param{Key: k, Value: v})
	}
	return out, nil
}
