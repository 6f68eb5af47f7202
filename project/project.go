// Package project is kfc's one way in: it loads a project (Kedro's
// configuration, the MLproject, pyproject.toml once), builds its model
// (catalog, pipelines, MLproject, declarations), checks it (the vet
// pipeline: lint, settings, inline ignores, filtering, paths relative to
// the working directory) and compiles its plan, for a pipeline or for an
// MLproject entry point. cmd/cli, the runtime and tests call it; no
// command wires these steps itself.
package project

import (
	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/model"
	"github.com/kfc-dev/kfc/compiler/plan"
	"github.com/kfc-dev/kfc/internal/mempolicy"
	"github.com/kfc-dev/kfc/lint"
)

// Options say which project to load and for which run: the loader's own
// options, so the two never drift apart.
type Options = config.LoadOptions

// Project is a loaded project, its model and the problems found so far.
type Project struct {
	Config *config.Project
	Model  *model.Model
	// Diags are the loader's problems, then lint's findings once Lint ran.
	Diags diag.List
	// Disk is where plan compilation reads (sources it digests, scripts and
	// path parameters it checks); nil is the real disk (safefs.Disk).
	Disk   plan.Disk
	linted bool
}

// Root is the project's absolute folder.
func (p *Project) Root() string { return p.Config.Root }

// Load loads the project opts names. The error is non-nil only when it
// cannot be read at all (see config.Load); every other problem is in Diags.
func Load(opts Options) (*Project, error) {
	p := &Project{}
	cfg, err := config.Load(opts, &p.Diags)
	if err != nil {
		return nil, err
	}
	p.Config = cfg
	mempolicy.Settle() // the loader's scaffolding is dead
	p.Model = model.New(cfg)
	return p, nil
}

// Warm starts the project-independent work of a check (compiling kfc's
// CUE schemas) in the background, to overlap with Load; call it first.
func Warm() { lint.Warm() }

// Lint runs every rule over the model, once; the findings join Diags.
func (p *Project) Lint() {
	if p.linted {
		return
	}
	p.linted = true
	lint.Run(p.Model, &p.Diags)
}

// Settings are the values of the project's [tool.kfc] or .kfc.yaml
// settings (node_runs, rule levels), without reporting their problems:
// Check does that.
func (p *Project) Settings() *lint.Settings {
	return lint.ReadSettings(p.Config.Root, p.Config.Pyproject)
}
