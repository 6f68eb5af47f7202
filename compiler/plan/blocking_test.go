package plan

import (
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

const (
	blockCatalog = "conf/base/catalog.yml"
	blockFlow    = "conf/base/catalog_flow.yml"
	blockParams  = "conf/base/parameters.yml"
)

// Line numbers matter: the cases below point at them.
const blockingCatalogYAML = `_csv: &csv
  type: pandas.CSVDataset
used:
  type: pandas.CSVDataset
  filepath: data/used.csv
unused:
  type: pandas.CSVDataset
  filepath: data/unused.csv
  layer: raw
"{name}_feat":
  type: pandas.ParquetDataset
  filepath: data/{name}.pq
"{name}_nothing":
  filepath: data/{name}.x
cold_anchor: &base
  type: pandas.CSVDataset
  filepath: x.csv
hot_alias:
  <<: *base
templated:
  <<: *csv
  filepath: t.csv
"{any}":
  type: pandas.CSVDataset
  filepath: data/{any}.csv
bare:
  filepath: b.csv
`

const blockingParamsYAML = `model:
  alpha: 0.1
  beta: 2
train:
  epochs: 3
"dotted.key": 1
nested:
  deep:
    x: 1
    y: 2
listed:
  - 1
  - 2
`

func blockingConfig(t *testing.T) (catalog, params *tree.Node) {
	catalog = parse(t, blockCatalog, blockingCatalogYAML)
	// One line holding a used and an unused entry: the line is used.
	flow := parse(t, blockFlow, "{hot_f: {type: pandas.CSVDataset}, cold_f: {type: nope}}\n")
	catalog.Pairs = append(catalog.Pairs, flow.Pairs...)
	return catalog, parse(t, blockParams, blockingParamsYAML)
}

// blockingPlan uses the explicit entries used, hot_alias and hot_f, the
// pattern {name}_feat, and parameters model.alpha, dotted.key and
// nested.deep.x; extra adds datasets and parameter references.
func blockingPlan(extra map[string]*Dataset, params ...string) *Plan {
	p := &Plan{Datasets: map[string]*Dataset{
		"used":      {Name: "used", Resolution: ResolvedExplicit},
		"hot_alias": {Name: "hot_alias", Resolution: ResolvedExplicit},
		"hot_f":     {Name: "hot_f", Resolution: ResolvedExplicit},
		"a_feat":    {Name: "a_feat", Resolution: ResolvedPattern, Pattern: "{name}_feat"},
		"mem":       {Name: "mem", Resolution: ResolvedDefault},
	}}
	for k, d := range extra {
		p.Datasets[k] = d
	}
	n := &Node{Parameters: map[string]RawValue{}}
	for _, ref := range append([]string{"params:model.alpha", "params:dotted.key", "params:nested.deep.x"}, params...) {
		n.Parameters[ref] = RawValue("1")
	}
	p.Nodes = []*Node{n, {Parameters: map[string]RawValue{}}}
	return p
}

var blockingScopes = map[string]diag.Scope{
	"dataset-rule":   diag.ScopeDataset,
	"pattern-rule":   diag.ScopePattern,
	"parameter-rule": diag.ScopeParameter,
	"project-rule":   diag.ScopeProject,
}

func blockingScope(rule string) diag.Scope { return blockingScopes[rule] }

func TestBlocking(t *testing.T) {
	catalog, params := blockingConfig(t)
	base := UsesOf(blockingPlan(nil), catalog, params)
	catchAll := UsesOf(blockingPlan(map[string]*Dataset{
		"other": {Name: "other", Resolution: ResolvedCatchAll, Pattern: "{any}"},
	}, "parameters"), catalog, params)
	cases := []struct {
		name  string
		uses  *Uses
		rule  string
		file  string
		line  int
		block bool
	}{
		{"unused entry", base, "dataset-rule", blockCatalog, 9, false},
		{"unused entry's key", base, "dataset-rule", blockCatalog, 6, false},
		{"used entry", base, "dataset-rule", blockCatalog, 4, true},
		{"used entry's key", base, "dataset-rule", blockCatalog, 3, true},
		{"pattern resolving a used dataset", base, "dataset-rule", blockCatalog, 11, true},
		{"pattern resolving nothing used", base, "dataset-rule", blockCatalog, 14, false},
		{"catch-all resolving nothing", base, "dataset-rule", blockCatalog, 24, false},
		{"catch-all resolving a used dataset", catchAll, "dataset-rule", blockCatalog, 24, true},
		{"missing type of an unused pattern", base, "pattern-rule", blockCatalog, 13, false},
		{"missing type of an unused explicit entry: Kedro checks it eagerly", base, "pattern-rule", blockCatalog, 26, true},
		{"a project-wide rule in an unused entry", base, "project-rule", blockCatalog, 9, true},
		{"an anchor an unused entry defines and a used entry aliases", base, "dataset-rule", blockCatalog, 16, true},
		{"the unused anchor entry's own key", base, "dataset-rule", blockCatalog, 15, false},
		{"a template's key", base, "dataset-rule", blockCatalog, 1, true},
		{"a template's value only an unused entry merges in", base, "dataset-rule", blockCatalog, 2, false},
		{"a used and an unused entry on one line", base, "dataset-rule", blockFlow, 1, true},
		{"the whole file (line 0)", base, "dataset-rule", blockCatalog, 0, true},
		{"a line no definition holds", base, "dataset-rule", blockCatalog, 99, true},
		{"a dataset rule on a parameter", base, "dataset-rule", blockParams, 3, true},
		{"a parameter rule on an unused entry", base, "parameter-rule", blockCatalog, 9, true},
		{"used parameter", base, "parameter-rule", blockParams, 2, true},
		{"sibling of a used parameter", base, "parameter-rule", blockParams, 3, false},
		{"parent key of a used parameter", base, "parameter-rule", blockParams, 1, true},
		{"unused top-level parameter", base, "parameter-rule", blockParams, 5, false},
		{"dotted key used whole", base, "parameter-rule", blockParams, 6, true},
		{"used leaf two levels down", base, "parameter-rule", blockParams, 9, true},
		{"its unused sibling", base, "parameter-rule", blockParams, 10, false},
		{"the level between", base, "parameter-rule", blockParams, 8, true},
		{"an unused list item", base, "parameter-rule", blockParams, 12, false},
		{"every parameter, when a node takes `parameters`", catchAll, "parameter-rule", blockParams, 5, true},
		{"no plan: everything", nil, "dataset-rule", blockCatalog, 9, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := diag.Diagnostic{Pos: diag.Pos{File: c.file, Line: c.line, Col: 3}, Rule: c.rule, Severity: diag.Error, Message: "m"}
			got := len(Blocking([]diag.Diagnostic{d}, blockingScope, c.uses)) > 0
			if got != c.block {
				t.Errorf("%s:%d [%s]: blocks = %v, want %v", c.file, c.line, c.rule, got, c.block)
			}
			if w := Blocking([]diag.Diagnostic{{Pos: d.Pos, Rule: c.rule, Severity: diag.Warning}}, blockingScope, c.uses); len(w) > 0 {
				t.Errorf("a warning blocks: %v", w)
			}
		})
	}
}

func TestExcusable(t *testing.T) {
	at := diag.Pos{File: blockCatalog, Line: 9, Col: 3}
	cases := []struct {
		items []diag.Diagnostic
		want  bool
	}{
		{nil, true},
		{[]diag.Diagnostic{{Pos: at, Rule: "dataset-rule", Severity: diag.Error}, {Pos: at, Rule: "parameter-rule", Severity: diag.Error}}, true},
		{[]diag.Diagnostic{{Pos: at, Rule: "dataset-rule", Severity: diag.Error}, {Pos: at, Rule: "project-rule", Severity: diag.Error}}, false},
		{[]diag.Diagnostic{{Pos: at, Rule: "project-rule", Severity: diag.Warning}}, true},
		{[]diag.Diagnostic{{Pos: at, Rule: "no-such-rule", Severity: diag.Error}}, false},
	}
	for i, c := range cases {
		if got := Excusable(c.items, blockingScope); got != c.want {
			t.Errorf("case %d: Excusable = %v, want %v", i, got, c.want)
		}
	}
}
