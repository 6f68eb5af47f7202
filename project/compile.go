package project

import (
	"github.com/kfc-dev/kfc/compiler/catalog"
	"github.com/kfc-dev/kfc/compiler/plan"
	"github.com/kfc-dev/kfc/internal/safefs"
)

// Compile compiles the plan of a pipeline run from the model lint checked
// (the same catalog, expanded pipelines and MLproject). It does not vet:
// callers refuse on Findings first (kfc build does).
func (p *Project) Compile(opt plan.Options) (*plan.Plan, error) {
	pipes := p.Model.Pipelines()
	return plan.Compile(plan.Input{
		Project:   p.Config,
		Resolve:   resolver(p.Model.Catalog()),
		Pipelines: pipes.Registry,
		Expanded:  pipes.Pipelines,
		MLproject: p.Model.MLproject(),
		Disk:      p.disk(),
	}, opt)
}

// CompileEntryPoint compiles the one-node plan of `mlflow run DIR -e NAME
// -P k=v ...` (kfc build --entry-point); params are the -P items.
func (p *Project) CompileEntryPoint(entryPoint string, params []string, opt plan.EntryPointOptions) (*plan.Plan, error) {
	return plan.CompileEntryPoint(plan.EntryPointInput{
		Project:    p.Config,
		MLproject:  p.Model.MLproject(),
		EntryPoint: entryPoint,
		Params:     params,
		Disk:       p.disk(),
	}, opt)
}

// resolver adapts the catalog to the plan compiler.
func resolver(cat *catalog.Catalog) func(string) plan.Resolved {
	return func(name string) plan.Resolved {
		r := cat.Resolve(name)
		out := plan.Resolved{Kind: r.Kind, Config: r.Config, Err: r.Err}
		if r.Pattern != nil {
			out.Pattern = r.Pattern.Key
		}
		return out
	}
}

func (p *Project) disk() plan.Disk {
	if p.Disk != nil {
		return p.Disk
	}
	return safefs.Disk{}
}
