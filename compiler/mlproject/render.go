package mlproject

import (
	"fmt"
	"sort"
	"strings"

	"github.com/kfc-dev/kfc/internal/py"
)

// Value is one user-given parameter value, as `-P name=value` passes it.
type Value struct {
	Name, Value string
}

// Render builds the shell command `mlflow run` runs for ep with the given
// raw (unquoted) values: EntryPoint.compute_command of
// mlflow/projects/_project_spec.py. Undeclared values are appended as
// ` --name value` in name order; use RenderValues to keep the order of a
// command line.
func (ep *EntryPoint) Render(values map[string]string) (string, error) {
	names := make([]string, 0, len(values))
	for k := range values {
		names = append(names, k)
	}
	sort.Strings(names)
	ordered := make([]Value, len(names))
	for i, k := range names {
		ordered[i] = Value{k, values[k]}
	}
	return ep.RenderValues(ordered)
}

// RenderValues is Render with the values in the order they were given (a
// later value for the same name replaces the earlier one in place, as a
// Python dict does). It mirrors MLflow step by step:
//
//  1. a declared parameter with neither a value nor a default fails with
//     "No value given for missing parameters: 'a', 'b'";
//  2. each declared parameter takes its value, else str() of its default;
//     a uri value without a scheme fails as in MLflow. path values are
//     substituted as given, a deliberate difference: MLflow, given a
//     storage directory, checks that a local path exists and substitutes
//     its absolute form; kfc keeps it project-relative, since nodes run
//     from the project root and a plan holds no absolute path (docs/plan.md);
//  3. every value is shell-quoted (shlex.quote) and the command is
//     rendered with Python's str.format over the declared parameters;
//  4. each undeclared value is appended as " --name value", with the value
//     quoted and, as MLflow does since PR #23181, the name too (identical
//     to older MLflow for every name that is a plain shell word).
//
// kfc's stricter type checks are not applied here; see CheckValue.
func (ep *EntryPoint) RenderValues(values []Value) (string, error) {
	if !ep.HasCommand {
		return "", fmt.Errorf("entry point %s has no command", ep.Name)
	}
	given := map[string]string{}
	var order []string
	for _, v := range values {
		if _, dup := given[v.Name]; !dup {
			order = append(order, v.Name)
		}
		given[v.Name] = v.Value
	}
	var missing []string
	for _, p := range ep.Params {
		if _, ok := given[p.Name]; !ok && p.Default == nil {
			missing = append(missing, py.Repr(p.Name))
		}
	}
	if len(missing) > 0 {
		return "", fmt.Errorf("No value given for missing parameters: %s", strings.Join(missing, ", "))
	}
	quoted := make(map[string]string, len(ep.Params))
	for _, p := range ep.Params {
		v, ok := given[p.Name]
		if !ok {
			s, err := PyStr(p.Default)
			if err != nil {
				return "", fmt.Errorf("default of parameter %s: %v", p.Name, err)
			}
			v = s
		}
		if p.Type == "uri" {
			if scheme, _ := urlScheme(v); scheme == "" {
				return "", fmt.Errorf("Expected URI for parameter %s but got %s", p.Name, v)
			}
			if err := checkURI(v); err != nil {
				return "", fmt.Errorf("parameter %s: %v", p.Name, err)
			}
		}
		quoted[p.Name] = py.ShellQuote(v)
	}
	cmd, err := py.Format(ep.Command, quoted)
	if err != nil {
		return "", fmt.Errorf("entry point %s: %v", ep.Name, err)
	}
	parts := []string{cmd}
	for _, name := range order {
		if ep.Param(name) != nil {
			continue
		}
		parts = append(parts, "--"+py.ShellQuote(name)+" "+py.ShellQuote(given[name]))
	}
	return strings.Join(parts, " "), nil
}
