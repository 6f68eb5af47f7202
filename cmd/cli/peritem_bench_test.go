//go:build unix

package cli

import (
	"io"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"syscall"
	"testing"
	"time"

	"github.com/kfc-dev/kfc/internal/synth"
)

// perItemProjects are scripts/bench.sh's per-item rows (its kfc-synth
// flags, field for field): the differences between them are issue 13's
// per-dataset and per-node figures.
var perItemProjects = []struct {
	cmd, name string
	opt       synth.Options
}{
	{"vet", "d1000", synth.Options{Datasets: 1000, Params: 200, Factories: 8, Seed: 1}},
	{"vet", "d5000", synth.Options{Datasets: 5000, Params: 1000, Factories: 8, Seed: 1}},
	{"vet", "d5000-n2000", synth.Options{Datasets: 5000, Params: 1000, Nodes: 2000, Factories: 8, Seed: 1}},
	{"build", "d5000-n2000", synth.Options{Datasets: 5000, Params: 1000, Nodes: 2000, Factories: 8, Seed: 1}},
}

// BenchmarkPerItem runs kfc vet and kfc build of those projects in
// process, each run from a collected heap with the collector off, as kfc
// runs a project that size (internal/mempolicy). cpu-ms/op is the CPU of
// every thread during the run: scripts/peritem.sh takes the per-item
// differences in each round and their medians, which then carry neither
// process start-up nor the shell clock's 10 ms steps.
func BenchmarkPerItem(b *testing.B) {
	dirs := map[string]string{}
	for _, p := range perItemProjects {
		if dirs[p.name] == "" {
			dirs[p.name] = filepath.Join(b.TempDir(), p.name)
			if err := synth.Generate(dirs[p.name], p.opt); err != nil {
				b.Fatal(err)
			}
		}
		dir := dirs[p.name]
		b.Run(p.cmd+"/"+p.name, func(b *testing.B) {
			defer debug.SetGCPercent(debug.SetGCPercent(-1))
			var cpu time.Duration
			for b.Loop() {
				b.StopTimer()
				runtime.GC()
				b.StartTimer()
				before := processCPU(b)
				if code := Main([]string{p.cmd, dir}, io.Discard, io.Discard); code != 0 {
					b.Fatalf("kfc %s %s: exit %d", p.cmd, p.name, code)
				}
				cpu += processCPU(b) - before
			}
			b.ReportMetric(float64(cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
		})
	}
}

// processCPU is the user and system time of every thread so far.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
