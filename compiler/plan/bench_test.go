package plan

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/kfc-dev/kfc/compiler/catalog"
	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/internal/synth"
)

// BenchmarkCompile compiles and encodes the plan of a synthetic project of
// 5,000 catalog entries and 2,000 nodes (loading is measured by the
// config package's own benchmarks; the whole `kfc build` by cmd/cli's).
func BenchmarkCompile(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "big")
	if err := synth.Generate(dir, synth.Options{Datasets: 5000, Params: 1000, Nodes: 2000, Factories: 5, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	var diags diag.List
	proj, err := config.Load(config.LoadOptions{Root: dir, Getenv: os.LookupEnv}, &diags)
	if err != nil {
		b.Fatal(err)
	}
	cat := catalog.New(proj.Get("catalog"), proj.Get("credentials"), &diags)
	resolve := func(name string) Resolved {
		r := cat.Resolve(name)
		out := Resolved{Kind: r.Kind, Config: r.Config, Err: r.Err}
		if r.Pattern != nil {
			out.Pattern = r.Pattern.Key
		}
		return out
	}
	b.ResetTimer()
	for b.Loop() {
		p, err := Compile(Input{Project: proj, Resolve: resolve}, Options{KfcVersion: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		out, _ := Encode(p)
		b.SetBytes(int64(len(out)))
	}
}
