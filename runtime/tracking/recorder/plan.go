package recorder

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/kfc-dev/kfc/compiler/plan"
)

// entryPointParam is the key prefix of an entry-point plan's node
// parameters (-P values, str() of each, as JSON strings).
const entryPointParam = "-P:"

// ForPlan fills the run's StartOptions from a plan and mlflow.yml: the
// consumed parameters (union of the nodes' parameters), an entry-point
// run's -P values, the experiment (mlflow.yml, else the package name as
// kedro-mlflow's template writes, else the project name, else Default),
// the run name, nesting, params settings and the kfc.* tags. The caller
// sets URI, ProjectRoot, Optional and any more Tags (kfc.command,
// kfc.manifest, kfc.run_id).
func ForPlan(p *plan.Plan, cfg MLflowConfig) StartOptions {
	o := StartOptions{
		Experiment:                 cfg.Experiment,
		ExperimentArtifactLocation: cfg.ArtifactLocation,
		ExperimentTags:             cfg.ExperimentTags,
		RunName:                    cfg.RunName,
		Nested:                     cfg.Nested,
		ParamsConfig:               cfg.Params,
		Params:                     map[string]json.RawMessage{},
		Tags:                       map[string]string{"kfc.plan_hash": p.Hash, "kfc.version": p.KfcVersion},
	}
	if p.Env != "" {
		o.Tags["kfc.env"] = p.Env
	}
	for _, n := range p.Nodes {
		for k, v := range n.Parameters {
			if name, ok := strings.CutPrefix(k, entryPointParam); ok {
				var s string
				if json.Unmarshal(v, &s) != nil {
					s = string(v)
				}
				if o.EntryPointParams == nil {
					o.EntryPointParams = map[string]string{}
				}
				o.EntryPointParams[name] = s
				o.EntryPoint = n.Command.EntryPoint
				continue
			}
			o.Params[k] = json.RawMessage(v)
		}
	}
	if o.EntryPoint == "" && len(p.Nodes) == 1 && p.Pipeline == "" {
		o.EntryPoint = p.Nodes[0].Command.EntryPoint // an entry point without parameters
	}
	if o.EntryPoint != "" {
		o.Tags["kfc.entry_point"] = o.EntryPoint
	} else {
		o.Pipelines = []string{p.Pipeline}
		o.Tags["kfc.pipeline"] = p.Pipeline
		if o.Experiment == "" {
			o.Experiment = p.Project.Package
		}
		if o.Experiment == "" {
			o.Experiment = p.Project.Name
		}
	}
	return o
}

// RecordNode records a finished node's kedro-mlflow outputs: for each
// output dataset of a tracked type (metric datasets, MlflowArtifactDataset),
// RecordOutput with the file the node wrote, which path gives (the
// promoted output's local path; "" skips it).
func (r *Recorder) RecordNode(ctx context.Context, p *plan.Plan, n *plan.Node, path func(dataset string) string) error {
	if !r.Enabled() {
		return nil
	}
	for _, name := range n.Outputs {
		ds := p.Datasets[name]
		if ds == nil || !Tracked(ds.Type) {
			continue
		}
		local := path(name)
		if local == "" {
			continue
		}
		if err := r.RecordOutput(ctx, ds.Name, ds.Type, json.RawMessage(ds.Config), local); err != nil {
			return err
		}
	}
	return nil
}
