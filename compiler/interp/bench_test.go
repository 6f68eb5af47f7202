package interp

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// benchCatalog is a catalog in the shape real projects use: templates
// copied into entries, globals, string concatenation with relative keys.
func benchCatalog(entries int) string {
	var b strings.Builder
	b.WriteString("_root: data\n_csv:\n  type: pandas.CSVDataset\n  load_args: {sep: ','}\n")
	for i := range entries {
		fmt.Fprintf(&b, "ds_%d:\n  <<: {}\n  type: ${_csv.type}\n  filepath: ${globals:bucket}/${_root}/0%d_raw/ds_%d.csv\n", i, i%8, i)
		fmt.Fprintf(&b, "  load_args: ${_csv.load_args}\n  metadata: {name: '${..filepath}', n: %d, tag: 'x-${.n}'}\n", i)
	}
	return b.String()
}

func BenchmarkResolve(b *testing.B) {
	var d diag.List
	root := tree.Parse("conf/base/catalog.yml", []byte(benchCatalog(1000)), &d)
	globals := tree.Parse("conf/base/globals.yml", []byte("bucket: s3://bucket\n"), &d)
	if d.Len() > 0 {
		b.Fatal(d.Items())
	}
	opts := Options{Key: "catalog", Globals: globals}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		var got diag.List
		Resolve(root, opts, &got)
		if got.Len() > 0 {
			b.Fatal(got.Items())
		}
	}
	b.ReportMetric(5000, "interpolated-strings/op")
}
