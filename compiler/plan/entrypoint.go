package plan

import (
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/mlproject"
)

// EntryPointInput is what `mlflow run DIR -e NAME -P k=v ...` names.
type EntryPointInput struct {
	// Project gives the root and the run environment; its MLproject is
	// nil for a convention-based project (scripts only).
	Project *config.Project
	// MLproject is parsed from Project.MLproject when nil.
	MLproject  *mlproject.Project
	EntryPoint string
	Params     []string // the -P items, name=value, in command-line order
	Disk       Disk     // where scripts and path parameters are looked up; nil is the real disk
}

// EntryPointOptions are the command-line choices of
// `kfc build --entry-point`.
type EntryPointOptions struct {
	EnvManager string // "" or "local"; virtualenv, uv and conda are refused
	KfcVersion string
	// WorkDir is the caller's working directory, used only to hint that a
	// path parameter was written relative to it rather than to the root.
	WorkDir string
}

// EntryPointParam is the key prefix of an entry-point plan's node
// parameters: "-P:alpha" is the text parameter alpha is given.
const EntryPointParam = "-P:"

// CompileEntryPoint builds the one-node plan of `mlflow run DIR -e NAME
// -P k=v ...` in the current environment (--env-manager local). Every
// problem is with the command line or with running this project here, and
// is returned as a *SelectionError (exit 2): a malformed or repeated -P,
// an unknown entry point, a missing required parameter, a value that does
// not fit its declared type, a path that does not exist, an environment
// manager or a docker_env kfc does not implement.
func CompileEntryPoint(in EntryPointInput, opt EntryPointOptions) (*Plan, error) {
	proj := in.Project
	if err := CheckEnvManager(opt.EnvManager); err != nil {
		return nil, err
	}
	ml := in.MLproject
	if ml == nil && proj.MLproject != nil {
		var diags diag.List
		ml = mlproject.Parse(proj.MLproject, &diags)
	}
	if ml != nil && ml.Env.Kind == mlproject.EnvDocker {
		return nil, usage("the MLproject runs its entry points in docker_env (image %q), which kfc does not implement, "+
			"and kfc never runs a Docker project outside its container: run it with `mlflow run`, "+
			"or remove docker_env to run it in the current environment", ml.Env.Image)
	}
	values, err := parseParams(in.Params)
	if err != nil {
		return nil, err
	}
	ep, err := ml.Resolve(in.EntryPoint, "bash")
	if err != nil {
		var names []string
		if ml != nil {
			for _, e := range ml.EntryPoints {
				names = append(names, e.Name)
			}
		}
		return nil, usage("--entry-point: %v%s", err, suggest(in.EntryPoint, names))
	}
	disk := Input{Disk: in.Disk}.disk()
	if ml.EntryPoint(ep.Name) == nil {
		if err := checkScript(disk, proj.Root, ep.Name); err != nil {
			return nil, err
		}
	}
	values, err = checkParams(disk, proj.Root, opt.WorkDir, ep, values)
	if err != nil {
		return nil, err
	}
	cmd, err := ep.RenderValues(values)
	if err != nil {
		return nil, usage("%v", err)
	}
	n := &Node{
		ID:         NodeID(ep.Name),
		Name:       ep.Name,
		Command:    Command{Shell: cmd, EntryPoint: ep.Name},
		DependsOn:  []string{},
		Inputs:     []string{},
		Outputs:    []string{},
		Tags:       []string{},
		Parameters: nodeParams(ep, values),
	}
	c := &compiler{in: Input{Project: proj, Disk: disk}, ml: ml}
	n.Environment = c.environment()
	p := &Plan{
		SchemaVersion: SchemaVersion,
		KfcVersion:    opt.KfcVersion,
		Project:       identify(proj, ml),
		Env:           proj.Env,
		EntryPoint:    ep.Name,
		Parameters:    RawValue("{}"),
		Datasets:      map[string]*Dataset{},
		Nodes:         []*Node{n},
	}
	p.sealParts()
	return p, nil
}

func usage(format string, args ...any) *SelectionError {
	return &SelectionError{Problems: []string{fmt.Sprintf(format, args...)}}
}

// CheckEnvManager refuses what `mlflow run --env-manager` would create:
// kfc runs entry points only in the environment it is started in.
func CheckEnvManager(m string) error {
	switch m {
	case "", "local":
		return nil
	case "virtualenv", "uv", "conda":
		return usage("--env-manager %s is not implemented: kfc runs entry points only in the current environment. "+
			"Create and activate an environment with the project's dependencies (its python_env.yaml or conda.yaml) "+
			"yourself, then run with --env-manager local (the default)", m)
	}
	return usage("--env-manager must be local, virtualenv, uv or conda, not %q", m)
}

// checkScript requires the script a convention entry point names to be a
// file of the project (MLflow would only fail when bash runs it).
func checkScript(disk Disk, root, name string) error {
	if filepath.IsAbs(name) {
		return usage("--entry-point %s: a script must be named relative to the project root", name)
	}
	st, err := disk.Stat(filepath.Join(root, filepath.FromSlash(name)))
	if err != nil || !st.Mode().IsRegular() {
		return usage("--entry-point %s: no such script in the project (a .py or .sh entry point is a file path relative to the project root)", name)
	}
	return nil
}

// parseParams reads -P items as `mlflow run` does (_user_args_to_dict):
// split at the first '=', a repeated name is an error. kfc also refuses an
// empty name, which MLflow would append as "-- value", and bytes that are
// not UTF-8.
func parseParams(items []string) ([]mlproject.Value, error) {
	seen := map[string]bool{}
	out := make([]mlproject.Value, 0, len(items))
	for _, it := range items {
		name, value, ok := strings.Cut(it, "=")
		if !ok {
			return nil, usage("Invalid format for -P parameter: '%s'. Use -P name=value.", it)
		}
		if name == "" {
			return nil, usage("-P %s: the parameter name is empty. Use -P name=value.", it)
		}
		if seen[name] {
			return nil, usage("Repeated parameter: '%s'", name)
		}
		if !utf8.ValidString(it) {
			// a plan is JSON text: the bytes could not reach the command unchanged
			return nil, usage("-P %q is not valid UTF-8", it)
		}
		seen[name] = true
		out = append(out, mlproject.Value{Name: name, Value: value})
	}
	return out, nil
}

// nodeParams records every value the command receives: declared
// parameters (given, or their default) and undeclared ones, as text.
func nodeParams(ep *mlproject.EntryPoint, values []mlproject.Value) map[string]RawValue {
	out := map[string]RawValue{}
	for _, p := range ep.Params {
		if s, ok := p.DefaultString(); ok {
			out[EntryPointParam+p.Name] = jsonString(s)
		}
	}
	for _, v := range values {
		out[EntryPointParam+v.Name] = jsonString(v.Value)
	}
	return out
}

func jsonString(s string) RawValue {
	var w jsonWriter
	w.Str(s)
	return RawValue(w.B)
}
