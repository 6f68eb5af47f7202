package plan

import (
	"errors"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/pipeline"
)

// a -> b -> c, and d apart; the copy "cand" of the model pipeline reuses
// the shared table.
const selectPipelines = `
etl:
  nodes:
    - {name: load, run: [x, "{out.table}"], outputs: table, tags: [io]}
    - {name: other, run: [x, "{out.side}"], outputs: side, tags: [side]}
model:
  nodes:
    - {name: split, run: [x, "{in.table}", "{out.train}"], inputs: table, outputs: train}
    - {name: fit, run: [x, "{in.train}", "{out.model}", "{params.a}"], inputs: train, outputs: model, params: [params:a], tags: [ml, io]}
cand:
  from: model
  namespace: cand.v1
  inputs: {table: table}
__default__: [etl, model, cand]
`

func selectNames(t *testing.T, sel Selection) ([]string, error) {
	t.Helper()
	var diags diag.List
	reg := pipeline.Parse(parse(t, "conf/base/pipelines.yml", selectPipelines), &diags)
	p := reg.Expand("__default__", &diags)
	if diags.Len() > 0 {
		t.Fatalf("%v", diags.Items())
	}
	nodes, err := Select(p, sel)
	var names []string
	for _, n := range nodes {
		names = append(names, n.Name)
	}
	return names, err
}

func TestSelect(t *testing.T) {
	for _, tc := range []struct {
		name string
		sel  Selection
		want string
	}{
		{"all", Selection{}, "cand.v1.fit cand.v1.split fit load other split"},
		{"nodes", Selection{Nodes: []string{"fit", "load"}}, "fit load"},
		{"from-nodes", Selection{FromNodes: []string{"split"}}, "fit split"},
		{"to-nodes", Selection{ToNodes: []string{"cand.v1.fit"}}, "cand.v1.fit cand.v1.split load"},
		{"from-inputs", Selection{FromInputs: []string{"table"}}, "cand.v1.fit cand.v1.split fit split"},
		{"from-inputs transcoded", Selection{FromInputs: []string{"train@pandas"}}, "fit"},
		{"from-inputs param", Selection{FromInputs: []string{"params:cand.v1.a"}}, "cand.v1.fit"},
		{"to-outputs", Selection{ToOutputs: []string{"model"}}, "fit load split"},
		{"tags any", Selection{Tags: []string{"side", "ml"}}, "cand.v1.fit fit other"},
		{"namespaces", Selection{Namespaces: []string{"cand"}}, "cand.v1.fit cand.v1.split"},
		{"intersection", Selection{Tags: []string{"io"}, Namespaces: []string{"cand.v1"}}, "cand.v1.fit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := selectNames(t, tc.sel)
			if err != nil {
				t.Fatal(err)
			}
			if s := strings.Join(got, " "); s != tc.want {
				// Select keeps the pipeline's order; compare as sets.
				if sortedJoin(got) != sortedJoin(strings.Fields(tc.want)) {
					t.Errorf("got %s, want %s", s, tc.want)
				}
			}
		})
	}
}

func sortedJoin(s []string) string { return strings.Join(sortedUnique(s), " ") }

func TestSelectUnknownNames(t *testing.T) {
	for _, tc := range []struct {
		sel  Selection
		want string
	}{
		{Selection{Nodes: []string{"fitt"}}, `--nodes: pipeline "__default__" has no node named "fitt"; did you mean "fit"?`},
		{Selection{ToNodes: []string{"v1.split"}}, `--to-nodes: pipeline "__default__" has no node named "v1.split"; did you mean "cand.v1.split"?`},
		{Selection{FromInputs: []string{"tabel"}}, `--from-inputs: pipeline "__default__" has no dataset named "tabel"; did you mean "table"?`},
		{Selection{ToOutputs: []string{"modl"}}, `--to-outputs: pipeline "__default__" has no dataset named "modl"; did you mean "model"?`},
		{Selection{Tags: []string{"mll"}}, `--tags: no node of pipeline "__default__" has the tag "mll"; did you mean "ml"?`},
		{Selection{Namespaces: []string{"cnd"}}, `--namespaces: pipeline "__default__" has no nodes in namespace "cnd"; did you mean "cand"?`},
		{Selection{Nodes: []string{"load"}, Tags: []string{"ml"}}, `pipeline "__default__" has no nodes left after applying the selectors`},
	} {
		_, err := selectNames(t, tc.sel)
		var se *SelectionError
		if !errors.As(err, &se) || err.Error() != tc.want {
			t.Errorf("%+v: err = %v\nwant %s", tc.sel, err, tc.want)
		}
	}
}
