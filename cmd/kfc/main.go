// Command kfc checks, compiles and runs Kedro/MLflow projects. See README.md.
package main

import (
	"os"

	"github.com/kfc-dev/kfc/cmd/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr)) }
