// Command kfc checks, compiles and runs Kedro/MLflow projects. See README.md.
package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"

	"github.com/kfc-dev/kfc/cmd/cli"
)

func main() {
	// kfc is a short-lived process: collecting garbage while a project
	// loads costs a third of its time and frees nothing worth keeping.
	// The memory limit still starts the collector on a huge project.
	if os.Getenv("KFC_MEMPROFILE") != "" {
		runtime.MemProfileRate = 4096
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(-1)
		debug.SetMemoryLimit(1 << 30)
	}
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
	// KFC_MEMPROFILE=file writes where the run allocated.
	if path := os.Getenv("KFC_MEMPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			_ = pprof.Lookup("allocs").WriteTo(f, 0)
			f.Close()
		}
	}
	os.Exit(code)
}
