package tree

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
	yaml "go.yaml.in/yaml/v3"
)

// benchCatalog is a catalog shaped like kfc-synth's: anchors at the top,
// entries merging them, nested mappings, a few numbers and booleans.
func benchCatalog(n int) []byte {
	var s strings.Builder
	s.WriteString("_csv: &csv\n  type: pandas.CSVDataset\n  load_args: &csv_load\n    sep: \",\"\n    encoding: utf-8\n  save_args:\n    index: false\n")
	s.WriteString("_pq: &pq\n  type: pandas.ParquetDataset\n  save_args:\n    compression: snappy\n")
	for i := 0; i < n; i++ {
		if i%2 == 0 {
			fmt.Fprintf(&s, "ds_%06d:\n  <<: *csv\n  filepath: data/01_raw/ds_%06d.csv\n  load_args:\n    <<: *csv_load\n    nrows: %d\n  metadata:\n    kedro-viz:\n      layer: raw\n", i, i, i)
		} else {
			fmt.Fprintf(&s, "ds_%06d:\n  <<: *pq\n  filepath: \"${globals:paths.inter}/ds_%06d.pq\"\n  versioned: true\n  credentials: s3\n", i, i)
		}
	}
	return []byte(s.String())
}

// BenchmarkBuild is kfc's whole-file parse of a 10,000-entry catalog: the
// yaml.v3 decode and the copy into tree.Nodes, on one core.
func BenchmarkBuild(b *testing.B) {
	src := benchCatalog(10000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		var diags diag.List
		if parseWhole("catalog.yml", src, OmegaConf, &diags) == nil || diags.Len() != 0 {
			b.Fatal(diags.Items())
		}
	}
}

// BenchmarkParse is Parse of the same file: in pieces on all cores when
// parseChunked takes it.
func BenchmarkParse(b *testing.B) {
	src := benchCatalog(10000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		var diags diag.List
		if Parse("catalog.yml", src, &diags) == nil || diags.Len() != 0 {
			b.Fatal(diags.Items())
		}
	}
}

// BenchmarkFloor is the floor BenchmarkBuild stands on: yaml.v3 decoding
// the same file into its own nodes, nothing else.
func BenchmarkFloor(b *testing.B) {
	src := benchCatalog(10000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		var doc yaml.Node
		if err := yaml.NewDecoder(bytes.NewReader(src)).Decode(&doc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFastRead is fastRead on the same file: the floor's work (source
// to yaml.v3 nodes) done by kfc's own reader.
func BenchmarkFastRead(b *testing.B) {
	src := benchCatalog(10000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_, mem, ok := fastRead(src)
		if !ok {
			b.Fatal("fastRead declined the catalog")
		}
		mem.release()
	}
}

// BenchmarkBuildYAMLv3 is BenchmarkBuild through yaml.v3, as before
// fastRead: the same run gives both.
func BenchmarkBuildYAMLv3(b *testing.B) {
	useFastRead = false
	defer func() { useFastRead = true }()
	BenchmarkBuild(b)
}
