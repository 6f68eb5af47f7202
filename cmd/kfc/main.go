// Command kfc checks, compiles and runs Kedro/MLflow projects. See README.md.
package main

import (
	"os"
	"runtime"
	"runtime/pprof"

	"github.com/kfc-dev/kfc/cmd/cli"
	"github.com/kfc-dev/kfc/internal/mempolicy"
)

func main() {
	// kfc is a short-lived process: collecting garbage while a project
	// loads costs a third of its time and frees nothing worth keeping. The
	// collector stays off up to a soft limit scaled to the machine, then
	// collects proportionally; a machine too small gets a message, not an
	// OOM kill (internal/mempolicy, docs/bench.md).
	if os.Getenv("KFC_MEMPROFILE") != "" {
		runtime.MemProfileRate = 4096
	}
	mempolicy.Apply(os.Stderr)
	// KFC_CPUPROFILE=file writes a CPU profile of the whole run, for
	// finding where start-up or a large project spends its time.
	if path := os.Getenv("KFC_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			if pprof.StartCPUProfile(f) == nil {
				code := cli.Main(os.Args[1:], os.Stdout, os.Stderr)
				pprof.StopCPUProfile()
				f.Close()
				os.Exit(code)
			}
		}
	}
	code := cli.Main(os.Args[1:], os.Stdout, os.Stderr)
	// KFC_MEMPROFILE=file writes where the run allocated. The profile
	// holds what the last collection published, and under the memory policy
	// a run may never collect: collect once first.
	if path := os.Getenv("KFC_MEMPROFILE"); path != "" {
		runtime.GC()
		if f, err := os.Create(path); err == nil {
			_ = pprof.Lookup("allocs").WriteTo(f, 0)
			f.Close()
		}
	}
	os.Exit(code)
}
