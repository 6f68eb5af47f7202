package project

import (
	"github.com/kfc-dev/kfc/compiler/catalog"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/plan"
	"github.com/kfc-dev/kfc/internal/pool"
	"github.com/kfc-dev/kfc/internal/safefs"
)

// Build is kfc build's check and compilation at once: Findings (all of
// kfc vet, project-relative) and Compile, side by side. Both only read
// the model, whose parts are each built once (sync.Once), as vet's rules
// already read it in parallel. The caller decides from the findings
// whether the plan may be used; a plan it refuses was compiled for
// nothing.
func (p *Project) Build(opt plan.Options) (vetted []diag.Diagnostic, pl *plan.Plan, err error) {
	pool.Each(2, func(i int) {
		if i == 0 {
			vetted = p.Findings(View{})
		} else {
			pl, err = p.Compile(opt)
		}
	})
	return vetted, pl, err
}

// Compile compiles the plan of a pipeline run from the model lint checked
// (the same catalog, expanded pipelines and MLproject). It does not vet:
// callers refuse on Findings (Build gives both).
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
