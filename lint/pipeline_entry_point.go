package lint

import (
	"github.com/kfc-dev/kfc/compiler/config"
	"strings"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/mlproject"
	"github.com/kfc-dev/kfc/compiler/pipeline"
	"github.com/kfc-dev/kfc/compiler/plan"
	"github.com/kfc-dev/kfc/compiler/tree"
	"github.com/kfc-dev/kfc/internal/py"
	"github.com/kfc-dev/kfc/internal/safefs"
)

// RulePipelineEntryPoint: an entry_point node must match the MLproject:
// the entry point exists (or is a .py/.sh/.R script, as `mlflow run -e`
// allows), every parameter without a default is bound, no parameter is
// bound twice, and a dataset (a file path) is bound only to a path, uri or
// string parameter. A bound parameter value is checked against the type
// by parameter-type, at the value.
const RulePipelineEntryPoint = "pipeline-entry-point"

func init() {
	Register(&Rule{Name: RulePipelineEntryPoint, Needs: []string{"pipelines", "catalog", config.KeyMLproject}, Severity: diag.Error, Run: runPipelineEntryPoint,
		Doc: "an entry_point node names no MLproject entry point, leaves a required parameter unbound, binds one twice, or binds a dataset to a parameter whose type cannot take a file path"})
}

// entryBinding is one binding of an entry-point node, with what it binds.
type entryBinding struct {
	pipeline.Binding
	field string // inputs, outputs or params
}

func runPipelineEntryPoint(pass *Pass) {
	pf := pass.Facts.Pipelines()
	for _, n := range pf.Nodes() {
		if n.EntryPoint == "" {
			continue
		}
		ep := pf.MLproject.EntryPoint(n.EntryPoint)
		if ep == nil {
			checkMissingEntryPoint(pass, pf, n)
			continue
		}
		bound := map[string]bool{}
		for _, b := range nodeBindings(n) {
			if bound[b.Key] {
				pass.Reportf(b.Pos, "node %q binds parameter %q of entry point %q twice", n.Name, b.Key, ep.Name)
				continue
			}
			bound[b.Key] = true
			if p := ep.Param(b.Key); p != nil && mlproject.KnownType(p.Type) && b.field != "params" {
				checkBoundDataset(pass, n, ep, p, b)
			}
		}
		var missing []string
		for _, p := range ep.Params {
			if p.Default == nil && !bound[p.Name] {
				missing = append(missing, p.Name)
			}
		}
		if len(missing) > 0 {
			pass.Reportf(n.EntryPos, "entry point %q needs %s (no default): bind %s under inputs, outputs or params of node %q",
				ep.Name, plural(len(missing), "parameter", "parameters")+" "+strings.Join(quoteAll(missing), ", "), plural(len(missing), "it", "them"), n.Name)
		}
	}
}

// checkMissingEntryPoint reports an entry point the MLproject lacks,
// unless MLflow would run it as a script that exists.
func checkMissingEntryPoint(pass *Pass, pf *PipelineFacts, n *pipeline.Node) {
	name := n.EntryPoint
	if strings.HasSuffix(name, ".py") || strings.HasSuffix(name, ".sh") || strings.HasSuffix(name, ".R") {
		// Confined: a script outside the project counts as absent.
		if st, err := safefs.Stat(pass.Project.Root, name); err == nil && !st.IsDir() {
			return // `mlflow run -e script.py` runs the script; bindings become --key value
		}
		pass.Reportf(n.EntryPos, "entry point %q is not in the MLproject and no script %s exists in the project", name, name)
		return
	}
	if pf.MLproject == nil {
		pass.Reportf(n.EntryPos, "node %q runs entry point %q, but the project has no MLproject file", n.Name, name)
		return
	}
	var names []string
	for _, ep := range pf.MLproject.EntryPoints {
		names = append(names, ep.Name)
	}
	hint := ""
	if s := py.CloseMatches(name, names); len(s) > 0 {
		hint = "; did you mean " + s[0] + "?"
	}
	pass.Reportf(n.EntryPos, "the MLproject has no entry point %q%s", name, hint)
}

// checkBoundDataset checks a dataset bound to a parameter against its type.
func checkBoundDataset(pass *Pass, n *pipeline.Node, ep *mlproject.EntryPoint, p *mlproject.Param, b entryBinding) {
	switch p.Type {
	case "path", "string":
	case "uri":
		checkDatasetURI(pass, n, ep, p, b)
	default:
		pass.Reportf(b.Pos, "parameter %q of entry point %q has type %s and cannot take dataset %q (a file path): bind datasets to path, uri or string parameters", p.Name, ep.Name, p.Type, b.Dataset)
	}
}

// nodeBindings lists a node's bindings in inputs, outputs, params order.
func nodeBindings(n *pipeline.Node) []entryBinding {
	var out []entryBinding
	for _, f := range []struct {
		name string
		list []pipeline.Binding
	}{{"inputs", n.Inputs}, {"outputs", n.Outputs}, {"params", n.Params}} {
		for _, b := range f.list {
			out = append(out, entryBinding{b, f.name})
		}
	}
	return out
}

func valueKind(ref string, v *tree.Node) string {
	if ref == "parameters" || v.Kind == tree.Map {
		return "mapping"
	}
	return "list"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func quoteAll(names []string) []string {
	out := make([]string, len(names))
	for i, s := range names {
		out[i] = `"` + s + `"`
	}
	return out
}

// checkDatasetURI reports a dataset bound to a uri parameter whose path,
// as kfc build renders it, has no URL scheme: MLflow refuses such a value
// ("Expected URI for parameter ..."), so the build would fail. Catalog
// entries with a URL (s3://, file://...) pass.
func checkDatasetURI(pass *Pass, n *pipeline.Node, ep *mlproject.EntryPoint, p *mlproject.Param, b entryBinding) {
	r := pass.Facts.Catalog().Resolve(b.Dataset)
	path := plan.DatasetPath(b.Dataset, plan.Resolved{Kind: r.Kind, Config: r.Config})
	if err := mlproject.CheckValue("uri", path); err != nil {
		pass.Reportf(b.Pos, "parameter %q of entry point %q has type uri, and dataset %q is at %s, which has no URL scheme: MLflow fails with \"Expected URI for parameter %s\"; give the dataset a URL (file://, s3://...) or declare the parameter as path", p.Name, ep.Name, b.Dataset, path, p.Name)
	}
}
