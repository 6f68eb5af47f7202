package plan

import (
	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/mlproject"
)

// identify names the project without any absolute path: [tool.kedro]
// project_name and package_name from pyproject.toml, else the MLproject's
// name. A pyproject.toml that does not parse is vet's business; it just
// contributes no name here.
func identify(proj *config.Project, ml *mlproject.Project) Project {
	var id Project
	var tool struct {
		Kedro struct {
			ProjectName string `toml:"project_name"`
			PackageName string `toml:"package_name"`
		} `toml:"kedro"`
	}
	// The loader's parse (Project.Pyproject): no read of its own.
	if pp := proj.Pyproject; pp != nil && pp.Err == nil {
		if err := pp.Decode("tool", &tool); err == nil {
			id.Name = tool.Kedro.ProjectName
			id.Package = tool.Kedro.PackageName
		}
	}
	if ml != nil {
		if id.Name == "" {
			id.Name = ml.Name
		}
	}
	if proj.MLproject != nil {
		id.MLproject = proj.MLproject.Path
	}
	return id
}

// environment describes the MLproject's environment for entry-point
// nodes: its kind, the MLproject value, and a digest of the environment
// file so that editing python_env.yaml changes those nodes' hashes.
func (c *compiler) environment() *Environment {
	if c.ml == nil {
		return nil
	}
	spec := c.ml.Env
	env := &Environment{Kind: spec.Kind}
	if env.Kind == "" {
		env.Kind = mlproject.EnvNone
	}
	if f := c.in.Project.MLproject; f != nil && f.Root != nil && env.Kind != mlproject.EnvNone {
		if v := f.Root.Get(env.Kind); v != nil {
			env.Spec = FromTree(v)
		}
	}
	if spec.File != "" {
		env.File = spec.File
		// Confined like vet's read: a file outside the project (vet's
		// path-outside-project) gives no digest rather than its bytes' hash.
		if b, err := c.in.disk().ReadProjectFile(c.in.Project.Root, spec.File); err == nil {
			env.Digest = sum(b)
		}
	}
	return env
}
