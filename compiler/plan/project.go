package plan

import (
	"github.com/BurntSushi/toml"
	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/mlproject"
	"github.com/kfc-dev/kfc/internal/safefs"
)

// identify names the project without any absolute path: [tool.kedro]
// project_name and package_name from pyproject.toml, else the MLproject's
// name. A pyproject.toml that does not parse is vet's business; it just
// contributes no name here.
func identify(proj *config.Project, ml *mlproject.Project) Project {
	var id Project
	var py struct {
		Tool struct {
			Kedro struct {
				ProjectName string `toml:"project_name"`
				PackageName string `toml:"package_name"`
			} `toml:"kedro"`
		} `toml:"tool"`
	}
	if b, err := safefs.ReadFile(proj.Root, "pyproject.toml"); err == nil {
		if _, err := toml.Decode(string(b), &py); err == nil {
			id.Name = py.Tool.Kedro.ProjectName
			id.Package = py.Tool.Kedro.PackageName
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
		if b, err := safefs.ReadFile(c.in.Project.Root, spec.File); err == nil {
			env.Digest = sum(b)
		}
	}
	return env
}
