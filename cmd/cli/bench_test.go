package cli

import (
	"io"
	"path/filepath"
	"testing"

	"github.com/kfc-dev/kfc/internal/synth"
)

// bigProject writes the synthetic project the build budget is stated for:
// 5,000 catalog entries (plus factories) and 2,000 nodes.
func bigProject(tb testing.TB) string {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "big")
	if err := synth.Generate(dir, synth.Options{Datasets: 5000, Params: 1000, Nodes: 2000, Factories: 5, Seed: 1}); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// BenchmarkVet is `kfc vet` (load and every rule) of the same project; the
// targets (and whole-process timings) are in docs/bench.md.
func BenchmarkVet(b *testing.B) {
	dir := bigProject(b)
	for b.Loop() {
		if code := Main([]string{"vet", dir}, io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

// BenchmarkVet5000 is `kfc vet` of the project of scripts/bench.sh's
// d5000 row (5,000 datasets, no nodes): the row issue 13's goal is stated for.
func BenchmarkVet5000(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "d5000")
	if err := synth.Generate(dir, synth.Options{Datasets: 5000, Params: 1000, Nodes: 0, Factories: 8, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if code := Main([]string{"vet", dir}, io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

// BenchmarkBuild is `kfc build` (load, every vet rule, compile, encode) of
// the synthetic 5,000-dataset, 2,000-node project.
func BenchmarkBuild(b *testing.B) {
	dir := bigProject(b)
	for b.Loop() {
		if code := Main([]string{"build", dir}, io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

// BenchmarkVetFactories compares a catalog of 3,000 dataset patterns with
// one of 3,000 explicit entries: factory checks must stay near-linear in
// the number of patterns (docs/bench.md states the target, under 2x).
func BenchmarkVetFactories(b *testing.B) {
	for _, tc := range []struct {
		name string
		opt  synth.Options
	}{
		{"entries3000", synth.Options{Datasets: 3000, Params: 100, Factories: 8, Seed: 1}},
		{"patterns3000", synth.Options{Datasets: 0, Params: 100, Factories: 3000, Seed: 1}},
	} {
		dir := filepath.Join(b.TempDir(), tc.name)
		if err := synth.Generate(dir, tc.opt); err != nil {
			b.Fatal(err)
		}
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				if code := Main([]string{"vet", dir}, io.Discard, io.Discard); code != 0 {
					b.Fatalf("exit %d", code)
				}
			}
		})
	}
}
