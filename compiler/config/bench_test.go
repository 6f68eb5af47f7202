package config

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// syntheticProject is a project with an n-entry catalog (anchors, merge
// keys, globals and template interpolation, as real big catalogs use
// them), a local override file and a few hundred parameters.
func syntheticProject(n int) map[string]string {
	var cat strings.Builder
	cat.WriteString("_csv: &csv\n  type: pandas.CSVDataset\n  load_args: {sep: \",\"}\n  save_args: {index: false}\n")
	cat.WriteString("_root: ${globals:root}/data\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&cat, "dataset_%05d:\n  <<: *csv\n  filepath: ${_root}/%02d_layer/dataset_%05d.csv\n  metadata:\n    kedro-viz: {layer: layer_%d}\n", i, i%8, i, i%8)
	}
	var local strings.Builder
	for i := 0; i < n; i += 50 {
		fmt.Fprintf(&local, "dataset_%05d:\n  type: pickle.PickleDataset\n  filepath: /tmp/override_%d.pkl\n", i, i)
	}
	var params strings.Builder
	for i := 0; i < 300; i++ {
		fmt.Fprintf(&params, "model_%03d:\n  alpha: %d.5\n  layers: [64, 32]\n  name: m${globals:suffix}\n", i, i)
	}
	return map[string]string{
		"conf/base/globals.yml":    "root: s3://bucket\nsuffix: _v1\n",
		"conf/base/catalog.yml":    cat.String(),
		"conf/local/catalog.yml":   local.String(),
		"conf/base/parameters.yml": params.String(),
	}
}

func TestSyntheticProjectLoads(t *testing.T) {
	requireInterp(t)
	p, ds := load(t, syntheticProject(200), LoadOptions{})
	wantNoFindings(t, ds)
	cat := p.Get("catalog")
	if len(cat.Pairs) != 200 {
		t.Fatalf("%d entries", len(cat.Pairs))
	}
	if got := compact(cat.Get("dataset_00001")); got != `{"type":"pandas.CSVDataset","load_args":{"sep":","},"save_args":{"index":false},"filepath":"s3://bucket/data/01_layer/dataset_00001.csv","metadata":{"kedro-viz":{"layer":"layer_1"}}}` {
		t.Errorf("entry: %s", got)
	}
	if got := cat.Get("dataset_00050").Get("type").Text; got != "pickle.PickleDataset" {
		t.Errorf("override: %s", got)
	}
}

// BenchmarkLoad5000 loads a project with a 5,000-entry catalog.
func BenchmarkLoad5000(b *testing.B) {
	dir := writeProject(b, syntheticProject(5000))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var diags diag.List
		if _, err := Load(LoadOptions{Root: dir, Getenv: noEnv}, &diags); err != nil || diags.Len() != 0 {
			b.Fatalf("%v %s", err, findings(diags.Items()))
		}
	}
}

// BenchmarkParseOnly5000 is the YAML parsing share of BenchmarkLoad5000
// (tree.Parse of the same files), to tell the loader's own cost apart.
func BenchmarkParseOnly5000(b *testing.B) {
	files := syntheticProject(5000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var diags diag.List
		for name, src := range files {
			tree.Parse(name, []byte(src), &diags)
		}
	}
}
