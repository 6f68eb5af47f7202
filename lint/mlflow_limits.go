package lint

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/mlproject"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// MLflow's limits (mlflow/utils/validation.py), counted in code points.
const (
	mlflowMaxKey      = 250
	mlflowMaxParamVal = 6000
	mlflowMaxTagVal   = 8000
)

func init() {
	Register(&Rule{
		Name: "mlflow-limits", Needs: []string{"mlflow", "parameters", "pipelines"},
		Severity: diag.Error, Scope: diag.ScopeParameter,
		Doc: "a parameter kedro-mlflow would log breaks MLflow's limits: key over 250 characters, or value over 6000 under long_params_strategy: fail",
		Run: runMlflowLimits,
	})
}

// runMlflowLimits mirrors kedro-mlflow's before_node_run: each `params:x`
// input is logged under the key x (`parameters` under "parameters"),
// flattened when dict_params.flatten is on, as str(value).
func runMlflowLimits(pass *Pass) {
	cfg := pass.Project.Get("mlflow")
	params := pass.Project.Get("parameters")
	if cfg == nil || params == nil {
		return // kedro-mlflow is not configured, or there is nothing to log
	}
	strategy := "fail"
	if s := cfg.Lookup("tracking", "params", "long_params_strategy"); s != nil && s.Kind == tree.String {
		strategy = s.Text
	}
	flatten := boolAt(cfg, false, "tracking", "params", "dict_params", "flatten")
	recursive := boolAt(cfg, true, "tracking", "params", "dict_params", "recursive")
	sep := "."
	if s := cfg.Lookup("tracking", "params", "dict_params", "sep"); s != nil && s.Kind == tree.String {
		sep = s.Text
	}
	for _, name := range loggedParams(pass) {
		value, pos := params, params.Pos()
		if name != "parameters" {
			path := strings.Split(name, ".")
			value = params.Lookup(path...)
			if parent := params.Lookup(path[:len(path)-1]...); parent != nil {
				if p := parent.Pair(path[len(path)-1]); p != nil {
					pos = p.KeyPos()
				}
			}
		}
		if value == nil {
			continue // unknown params: references are another rule's finding
		}
		items := []loggedParam{{name, pos, value}}
		if flatten {
			items = flattenParam(name, value, recursive, sep)
		}
		for _, it := range items {
			checkLoggedParam(pass, it, strategy)
		}
	}
}

type loggedParam struct {
	key   string
	pos   diag.Pos // where the key is written, for the key-length finding
	value *tree.Node
}

// loggedParams are the parameter names kedro-mlflow would log: the
// `params:` inputs of the declarative pipelines, or, when the pipelines are
// Python code kfc cannot see, every top-level parameter.
func loggedParams(pass *Pass) []string {
	seen := map[string]bool{}
	if pf := pass.Facts.Pipelines(); pf.Present {
		for _, n := range pf.Nodes() {
			for _, b := range n.Params {
				switch {
				case b.Dataset == "parameters":
					seen["parameters"] = true
				case strings.HasPrefix(b.Dataset, "params:"):
					seen[strings.TrimPrefix(b.Dataset, "params:")] = true
				}
			}
		}
	} else {
		for _, p := range pass.Project.Get("parameters").Pairs {
			if !strings.HasPrefix(p.Key, "_") {
				seen[p.Key] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// flattenParam is kedro-mlflow's _flatten_dict on {key: value}: with
// recursive off only one level of a mapping is expanded.
func flattenParam(key string, value *tree.Node, recursive bool, sep string) []loggedParam {
	if value.Kind != tree.Map {
		return []loggedParam{{key, value.Pos(), value}}
	}
	var out []loggedParam
	for _, p := range value.Pairs {
		k := key + sep + p.Key
		if recursive && p.Value.Kind == tree.Map {
			out = append(out, flattenParam(k, p.Value, true, sep)...)
		} else {
			out = append(out, loggedParam{k, p.KeyPos(), p.Value})
		}
	}
	return out
}

func checkLoggedParam(pass *Pass, it loggedParam, strategy string) {
	if n := utf8.RuneCountInString(it.key); n > mlflowMaxKey {
		pass.Reportf(it.pos, "MLflow refuses parameter keys longer than %d characters; %q has %d", mlflowMaxKey, abbreviate(it.key), n)
	}
	str, err := mlproject.PyStr(it.value)
	if err != nil {
		return
	}
	n := utf8.RuneCountInString(str)
	switch {
	case strategy == "fail" && n > mlflowMaxParamVal:
		pass.Reportf(it.value.Pos(), "parameter %q is %d characters long as MLflow logs it (str(value)); kedro-mlflow fails the run above %d (long_params_strategy: fail; use truncate or tag, or flatten dict_params)", abbreviate(it.key), n, mlflowMaxParamVal)
	case strategy == "tag" && n > mlflowMaxTagVal:
		pass.Report(diag.Diagnostic{Pos: it.value.Pos(), Rule: ruleMlflowTagLimit, // a warning: see mlflow_tag_limit.go
			Message: fmt.Sprintf("parameter %q is %d characters long; logged as a tag (long_params_strategy: tag) it exceeds MLflow's %d-character tag limit", abbreviate(it.key), n, mlflowMaxTagVal)})
	}
}

func boolAt(n *tree.Node, def bool, path ...string) bool {
	if v := n.Lookup(path...); v != nil && v.Kind == tree.Bool {
		return v.Bool
	}
	return def
}

func abbreviate(s string) string {
	if utf8.RuneCountInString(s) <= 60 {
		return s
	}
	r := []rune(s)
	return string(r[:57]) + "..."
}
