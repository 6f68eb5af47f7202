package cli

import (
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"

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

// TestBuildSpeed reports the median wall time of `kfc build` on the
// synthetic project over 11 runs (KFC_BENCH=1 to run it). With
// KFC_BUDGET_MS set it fails above that median.
func TestBuildSpeed(t *testing.T) {
	if os.Getenv("KFC_BENCH") != "1" {
		t.Skip("KFC_BENCH=1 runs the build timing")
	}
	dir := bigProject(t)
	var times []time.Duration
	for i := 0; i < 11; i++ {
		start := time.Now()
		out, errOut, code := runKfc(t, "build", dir)
		times = append(times, time.Since(start))
		if code != 0 || len(out) == 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	median := times[len(times)/2]
	t.Logf("kfc build, 5,000 datasets / 2,000 nodes: median %v (min %v, max %v) over %d runs", median, times[0], times[len(times)-1], len(times))
	if budget, err := strconv.Atoi(os.Getenv("KFC_BUDGET_MS")); err == nil && median > time.Duration(budget)*time.Millisecond {
		t.Errorf("median %v is over the %d ms budget", median, budget)
	}
}
