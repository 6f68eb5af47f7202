// Package mlproject reads MLflow's MLproject file by MLflow's rules
// (mlflow/projects/_project_spec.py) and checks it more strictly than
// MLflow does, and renders entry point commands exactly as `mlflow run`
// builds them.
//
// MLflow validates almost nothing: it ignores unknown keys, crashes with an
// AttributeError on wrong shapes and passes unknown parameter types
// through. Parse reports each of those as a positioned problem with one of
// the codes below; lint's mlproject-* rules give them their ids.
package mlproject

import (
	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// The problems Parse reports (CodeEnvFile and CodeEnvNoPython come from
// CheckEnvFile, which reads other files); lint's mlproject-* rules give
// them their ids.
const (
	CodeSchema       diag.Code = "mlproject.Schema"
	CodeParamType    diag.Code = "mlproject.ParamType"
	CodePlaceholder  diag.Code = "mlproject.Placeholder"
	CodeMultipleEnvs diag.Code = "mlproject.MultipleEnvs"
	CodeEnvFile      diag.Code = "mlproject.EnvFile"
	// CodeEnvNoPython: a python_env file without a python version (MLflow
	// then uses whatever Python runs it).
	CodeEnvNoPython diag.Code = "mlproject.EnvNoPython"
	CodeDocker      diag.Code = "mlproject.Docker"
)

// Environment kinds, named by their MLproject keys.
const (
	EnvPython = "python_env"
	EnvConda  = "conda_env"
	EnvDocker = "docker_env"
	EnvNone   = "none"
)

// Project is a parsed MLproject.
type Project struct {
	Name        string
	EntryPoints []*EntryPoint // file order
	Env         EnvSpec
	Pos         diag.Pos // the file as a whole
	File        string   // project-relative path of the MLproject file
}

// EnvSpec is the environment the MLproject declares. When it declares
// several (an error), Kind follows MLflow's precedence: docker, python, conda.
type EnvSpec struct {
	Kind    string   // EnvPython, EnvConda, EnvDocker or EnvNone
	Pos     diag.Pos // the value of the environment key
	File    string   // python_env/conda_env: project-relative path of the file
	FilePos diag.Pos
	Image   string         // docker_env
	Volumes []string       // docker_env, "host:container" as written
	Vars    []DockerEnvVar // docker_env environment, in file order
}

// DockerEnvVar is one docker_env environment item: a host variable to
// copy (written as a string) or a [NAME, VALUE] pair.
type DockerEnvVar struct {
	Name  string
	Value string // str() of the value; "" when copied from the host
	Copy  bool
	Pos   diag.Pos
}

// EntryPoint is one entry point.
type EntryPoint struct {
	Name       string
	Pos        diag.Pos
	Command    string // "" when missing or not a string (reported)
	CommandPos diag.Pos
	Params     []*Param // file order
	HasCommand bool

	commandNode *tree.Node
	src         []byte
}

// Param is one declared parameter.
type Param struct {
	Name    string
	Type    string     // "string" when not given; other names are kept as written
	Default *tree.Node // nil: no default (null counts as none), the parameter is required
	Pos     diag.Pos
}

// Param returns the declared parameter name, or nil.
func (ep *EntryPoint) Param(name string) *Param {
	for _, p := range ep.Params {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// EntryPoint returns the declared entry point name, or nil.
func (p *Project) EntryPoint(name string) *EntryPoint {
	if p == nil {
		return nil
	}
	for _, ep := range p.EntryPoints {
		if ep.Name == name {
			return ep
		}
	}
	return nil
}

// DefaultString is str() of the default as MLflow substitutes it, and
// whether there is one.
func (p *Param) DefaultString() (string, bool) {
	if p.Default == nil {
		return "", false
	}
	s, err := PyStr(p.Default)
	if err != nil {
		return "", false
	}
	return s, true
}

// Parse reads f (found and stored by the config loader) as MLflow's
// load_project does and reports every deviation from the MLproject format
// to diags. It re-reads f.Src with PyYAML's typing (where `1e-1` is a
// string), whatever dialect the loader used; syntax errors are the
// loader's to report. It never returns nil.
func Parse(f *config.File, diags *diag.List) *Project {
	p := &Project{Pos: diag.Pos{File: f.Path}, File: f.Path, Env: EnvSpec{Kind: EnvNone}}
	root := f.Root
	if f.Src != nil {
		var syntax diag.List
		root = tree.ParseDialect(f.Path, f.Src, tree.PyYAML, &syntax)
		if root == nil && syntax.Len() > 0 {
			return p // unreadable: the loader reports why
		}
	}
	r := &reader{file: f.Path, src: f.Src, diags: diags, proj: p}
	r.project(root)
	return p
}
