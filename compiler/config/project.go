package config

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/pyproject"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// Keys are the configuration keys kfc loads, in the order they are loaded.
// "pipelines" is kfc's own; the others are Kedro's and kedro-mlflow's.
var Keys = []string{"globals", "credentials", "catalog", "parameters", "mlflow", "pipelines"}

// KeyMLproject is the key Project.Broken and File.Key use for the MLproject.
const KeyMLproject = "mlproject"

// Settings configure the loader the way Kedro's CONFIG_LOADER_ARGS do.
type Settings struct {
	ConfSource      string              // "conf"
	BaseEnv         string              // "base"
	DefaultRunEnv   string              // "local"
	Patterns        map[string][]string // config key -> globs relative to an env folder
	MergeStrategy   map[string]string   // config key -> "destructive" | "soft"
	CustomResolvers []string            // resolver names registered in Python: known, never evaluated
	Source          diag.Pos            // where the settings were read from (zero: defaults)

	PackageName string // the Python package whose settings.py was read ("" if none)
	SourceDir   string // [tool.kedro] source_dir, else "src": where the project's Python packages are
	LoadHidden  bool   // CONFIG_LOADER_ARGS ignore_hidden=False: hidden files and folders count too
}

// File is one configuration file that was read.
type File struct {
	Path string // project-relative, forward slashes
	Env  string
	Key  string // which config key's pattern matched it
	Src  []byte
	Root *tree.Node // nil for an empty file
	// Broken: the file has a syntax error, so Kedro (MLflow for the
	// MLproject) refuses it; Root holds what could be read.
	Broken bool
}

// Project is a Kedro-style project as the loader resolved it for one run
// environment: each config key merged across base and the run env with
// interpolation already applied per environment, as OmegaConfigLoader does.
type Project struct {
	Root     string // absolute directory
	Env      string // run environment
	Settings Settings
	Files    []*File
	// Pyproject is pyproject.toml as read and parsed once by Load (nil when
	// there is none or it cannot be read): every other reader of it
	// (dataset types, lint settings, the plan's project name) decodes this.
	Pyproject *pyproject.Doc

	// Merged and resolved configuration, nil when no file matched.
	// Catalog has `_` template keys removed; Parameters keeps them (as Kedro does).
	Config map[string]*tree.Node

	// PerEnv holds each key's merged, resolved config per environment
	// before the base/run-env merge, for checks that must name both sides.
	// Config and PerEnv share subtrees (the merges are copy-on-write):
	// treat every node as read-only.
	PerEnv map[string]map[string]*tree.Node // key -> env -> config

	MLproject *File // nil when the project has none

	// Envs are the environments that were loaded, base first; the run env
	// is absent when its folder is missing and equal to base when it is base.
	Envs []string
	// RuntimeParams is the parsed --params dotlist (nil when none was given);
	// its nodes are positioned in the pseudo-file ParamsFile.
	RuntimeParams *tree.Node

	// Broken holds the keys (Keys, KeyMLproject) some file of which could
	// not be read or parsed: their content is incomplete, so checks that
	// depend on it stand down (lint's Rule.Needs) rather than report what
	// the missing content would have provided.
	Broken map[string]bool
}

// IsBroken reports whether a file of key failed to read or parse.
func (p *Project) IsBroken(key string) bool { return p.Broken[key] }

func (p *Project) markBroken(key string) {
	if p.Broken == nil {
		p.Broken = map[string]bool{}
	}
	p.Broken[key] = true
}

// Get returns the merged config for key, or nil.
func (p *Project) Get(key string) *tree.Node { return p.Config[key] }

// FileByPath returns the loaded file at a project-relative path, or nil.
func (p *Project) FileByPath(path string) *File {
	for _, f := range p.Files {
		if f.Path == path {
			return f
		}
	}
	return nil
}
