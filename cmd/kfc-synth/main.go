// Command kfc-synth writes a synthetic Kedro-style project for benchmarks:
//
//	go run ./cmd/kfc-synth -datasets 5000 -params 1000 -nodes 2000 -o /tmp/big
//
// The same flags always write the same files.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/kfc-dev/kfc/internal/synth"
)

func main() {
	var opt synth.Options
	flag.IntVar(&opt.Datasets, "datasets", 1000, "explicit catalog entries")
	flag.IntVar(&opt.Params, "params", 200, "parameter leaves")
	flag.IntVar(&opt.Nodes, "nodes", 0, "pipeline nodes (0: no pipelines file)")
	flag.IntVar(&opt.Factories, "factories", 5, "dataset factory patterns")
	flag.Int64Var(&opt.Seed, "seed", 1, "random seed")
	out := flag.String("o", "", "output directory (must not exist or be empty)")
	execShape := flag.String("exec", "", "instead: a project of -nodes trivial processes for timing kfc exec, shaped chain or fanout, with an equivalent Makefile")
	inputMB := flag.Int64("input-mb", 0, "with -exec fanout: total size of the raw inputs in MiB")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: kfc-synth [flags] -o DIR\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if *execShape != "" {
		if err := synth.GenerateExec(*out, synth.ExecOptions{Nodes: opt.Nodes, Shape: *execShape, InputBytes: *inputMB << 20}); err != nil {
			fmt.Fprintln(os.Stderr, "kfc-synth:", err)
			os.Exit(1)
		}
		return
	}
	if err := synth.Generate(*out, opt); err != nil {
		fmt.Fprintln(os.Stderr, "kfc-synth:", err)
		os.Exit(1)
	}
}
