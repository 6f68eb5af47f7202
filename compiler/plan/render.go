package plan

import (
	"fmt"

	"github.com/kfc-dev/kfc/compiler/mlproject"
	"github.com/kfc-dev/kfc/compiler/pipeline"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// renderer turns a pipeline node into the command a plan runs.
type renderer struct {
	datasets  map[string]*Dataset
	params    *tree.Node
	mlproject *mlproject.Project
	// root and sourceDir locate a kedro node's Python files.
	root, sourceDir string
	disk            Disk
	sourceCache     map[string][]SourceFile // module -> its files
}

// pathFor is the text a dataset placeholder or a path-binding becomes.
// Unversioned: the dataset's path. Versioned: <path>/<version>/<basename>,
// where the version is the pinned --load-versions value when the node
// reads the dataset, else the token {version:<name>} that kfc exec fills
// with the run's save version (for the node writing it) or the version it
// loads (for a reader).
func (r *renderer) pathFor(name string, reading bool) (string, error) {
	d := r.datasets[name]
	if d == nil {
		return "", fmt.Errorf("dataset %q is not in the plan", name)
	}
	if !d.Versioned {
		return d.Path, nil
	}
	version := VersionToken(pipeline.StripTranscoding(name))
	if reading && d.LoadVersion != "" {
		version = d.LoadVersion
	}
	return versionedPath(d.Path, version), nil
}

// paramValue looks a parameter reference up.
func (r *renderer) paramValue(ref string) (*tree.Node, error) {
	v, ok := lookupParam(r.params, ref)
	if !ok {
		return nil, fmt.Errorf("parameter %q is not defined", ref)
	}
	return v, nil
}

// command renders n's command.
func (r *renderer) command(n *pipeline.Node) (Command, error) {
	if n.EntryPoint != "" {
		return r.entryPoint(n)
	}
	if n.Kedro != nil {
		return r.kedro(n)
	}
	args, err := n.Render(func(kind string, b pipeline.Binding) (string, error) {
		switch kind {
		case pipeline.KindParams:
			v, err := r.paramValue(b.Dataset)
			if err != nil {
				return "", err
			}
			return paramArg(v), nil
		default:
			return r.pathFor(b.Dataset, kind == pipeline.KindIn)
		}
	})
	if err != nil {
		return Command{}, err
	}
	if n.Shell {
		if len(args) != 1 {
			return Command{}, fmt.Errorf("a shell command must be one string, got %d", len(args))
		}
		return Command{Shell: args[0]}, nil
	}
	if len(args) == 0 {
		return Command{}, fmt.Errorf("empty command")
	}
	return Command{Argv: args}, nil
}

// entryPoint renders an MLproject entry point as `mlflow run -e NAME -P
// key=value ...` would, with one -P per binding: dataset bindings give
// paths, parameter bindings str() of the value. Values for undeclared
// parameters are appended as --key value, in key order. As in MLflow, a
// name that is no declared entry point but a .py, .sh or .R file runs that
// script (a .sh with bash: MLflow would use $SHELL, which a plan must not
// depend on).
func (r *renderer) entryPoint(n *pipeline.Node) (Command, error) {
	ep, err := r.mlproject.Resolve(n.EntryPoint, "bash")
	if err != nil {
		return Command{}, err
	}
	values := map[string]string{}
	for _, b := range n.Inputs {
		p, err := r.pathFor(b.Dataset, true)
		if err != nil {
			return Command{}, err
		}
		values[b.Key] = p
	}
	for _, b := range n.Outputs {
		p, err := r.pathFor(b.Dataset, false)
		if err != nil {
			return Command{}, err
		}
		values[b.Key] = p
	}
	for _, b := range n.Params {
		v, err := r.paramValue(b.Dataset)
		if err != nil {
			return Command{}, err
		}
		s, err := mlproject.PyStr(v)
		if err != nil {
			return Command{}, fmt.Errorf("parameter %s: %v", b.Key, err)
		}
		values[b.Key] = s
	}
	cmd, err := ep.Render(values)
	if err != nil {
		return Command{}, err
	}
	return Command{Shell: cmd, EntryPoint: ep.Name}, nil
}
