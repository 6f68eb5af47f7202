package schema

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// syntheticCatalog is n entries over ten types, sharing anchors the way
// large catalogs do, with a few errors sprinkled in.
func syntheticCatalog(n int) []byte {
	var b strings.Builder
	b.WriteString("_csv: &csv\n  type: pandas.CSVDataset\n  load_args: {sep: \",\"}\n  save_args: {index: false}\n")
	b.WriteString("_meta: &meta\n  metadata: {kedro-viz: {layer: raw}}\n")
	kinds := []string{
		"  <<: [*csv, *meta]\n  filepath: data/%d.csv\n",
		"  type: pandas.ParquetDataset\n  filepath: data/%d.pq\n  versioned: true\n",
		"  type: pickle.PickleDataset\n  filepath: data/%d.pkl\n  backend: joblib\n",
		"  type: json.JSONDataset\n  filepath: data/%d.json\n  credentials: dev_s3\n",
		"  type: spark.SparkDataset\n  filepath: s3a://b/%d\n  file_format: parquet\n  save_args: {mode: overwrite}\n",
		"  type: MemoryDataset\n  copy_mode: assign\n  metadata: {n: %d}\n",
		"  type: partitions.PartitionedDataset\n  path: data/p%d\n  dataset: {type: pandas.CSVDataset, load_args: {sep: \";\"}}\n",
		"  type: kedro_mlflow.io.metrics.MlflowMetricDataset\n  key: m%d\n  save_args: {mode: append}\n",
		"  type: yaml.YAMLDataset\n  filepath: conf/%d.yml\n",
		"  type: pandas.ExcelDataset\n  filepath: data/%d.xlsx\n  load_args: {engine: openpyxl}\n  layr: x\n",
	}
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "ds_%d:\n", i)
		fmt.Fprintf(&b, kinds[i%len(kinds)], i)
	}
	return []byte(b.String())
}

func parsedEntries(tb testing.TB, n int) []*tree.Node {
	var diags diag.List
	root := tree.Parse("catalog.yml", syntheticCatalog(n), &diags)
	if diags.Len() > 0 {
		tb.Fatal(diags.Items())
	}
	var out []*tree.Node
	for _, p := range root.Pairs {
		if !strings.HasPrefix(p.Key, "_") {
			out = append(out, p.Value)
		}
	}
	return out
}

func checkAll(s *Schemas, entries []*tree.Node, diags *diag.List) {
	for _, e := range entries {
		typ := e.Get("type").Text
		if full, ok := s.prefixResolve(typ); ok {
			s.CheckDataset(full, e, diags)
		}
	}
}

func TestSyntheticCatalog(t *testing.T) {
	s := mustLoad(t)
	entries := parsedEntries(t, 100)
	var diags diag.List
	checkAll(s, entries, &diags)
	if got := diags.Len(); got != 10 {
		t.Errorf("want one finding per ExcelDataset entry (10), got %d: %v", got, diags.Items())
	}
}

// BenchmarkCheckDataset5000 is the catalog check of `kfc vet` on 5,000
// entries, on a fresh Schemas each time (cold verdict caches).
func BenchmarkCheckDataset5000(b *testing.B) {
	files, err := embeddedSources()
	if err != nil {
		b.Fatal(err)
	}
	entries := parsedEntries(b, 5000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, err := compile(files)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		var diags diag.List
		checkAll(s, entries, &diags)
	}
}

// BenchmarkLoad is compiling the embedded schema package (Load without its sync.Once).
func BenchmarkLoad(b *testing.B) {
	files, err := embeddedSources()
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		if _, err := compile(files); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParse5000 is the YAML parse of the same catalog, for scale.
func BenchmarkParse5000(b *testing.B) {
	src := syntheticCatalog(5000)
	for i := 0; i < b.N; i++ {
		var diags diag.List
		tree.Parse("catalog.yml", src, &diags)
	}
}
