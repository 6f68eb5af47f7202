// Package cli is the kfc command line: a testable Main over kong.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/alecthomas/kong"
	"github.com/kfc-dev/kfc/internal/esc"
	"github.com/kfc-dev/kfc/internal/pool"
)

// Exit codes, as actionlint and SPEC §3 define them.
const (
	ExitClean    = 0
	ExitFindings = 1
	ExitUsage    = 2
	ExitInternal = 3
)

// Version is kfc's version, printed by `kfc version` and written into plans.
var Version = "0.1.0-dev"

type cliRoot struct {
	VersionFlag kong.VersionFlag `name:"version" help:"Print kfc's version and exit."`

	Vet     VetCmd     `cmd:"" help:"Check the project's configuration, pipelines and MLproject."`
	Rules   RulesCmd   `cmd:"" help:"List the rules kfc vet applies."`
	Config  ConfigCmd  `cmd:"" help:"Print a configuration key merged and interpolated as Kedro resolves it."`
	Catalog CatalogCmd `cmd:"" help:"Resolve dataset names, list factory patterns and datasets."`
	Build   BuildCmd   `cmd:"" help:"Compile the project into a deterministic run plan (JSON)."`
	Exec    ExecCmd    `cmd:"" help:"Run the plan: nodes as processes, in parallel, skipping what is up to date (docs/exec.md)."`
	Plan    PlanCmd    `cmd:"" help:"Compare and validate plan files."`
	Graph   GraphCmd   `cmd:"" help:"Draw the selected pipeline (Mermaid or DOT)."`
	Log     LogCmd     `cmd:"" help:"Log a param, metric, tag or artifact into the run kfc started for this node."`
	Runs    RunsCmd    `cmd:"" help:"List, show and compare tracked runs (any MLflow store)."`
	Schema  SchemaCmd  `cmd:"" help:"Print the JSON Schema of a file kfc reads or writes."`
	Import  ImportCmd  `cmd:"" help:"Write kfc pipelines from a Kedro project's Python pipelines."`
	Verify  VerifyCmd  `cmd:"" help:"Check that the outputs a run recorded in its manifest are unchanged."`
	Version VersionCmd `cmd:"" help:"Print kfc's version."`
}

// env is what every command can use besides its flags.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) (string, bool)
	cwd            string
}

// exitError carries an exit code out of a command without printing twice.
type exitError struct {
	code int
	msg  string // printed to stderr as "kfc: msg" when non-empty
}

func (e *exitError) Error() string { return e.msg }

func usageErr(format string, args ...any) error {
	return &exitError{code: ExitUsage, msg: fmt.Sprintf(format, args...)}
}

// Main runs kfc with args (without the program name) and returns the exit code.
// It never panics: an internal failure is reported as one line and exit 3.
func Main(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			if p, ok := r.(*pool.Panic); ok {
				r = p.Value
			}
			fmt.Fprintf(stderr, "kfc: %s\n", esc.Text(pool.BugText(r)))
			code = ExitInternal
		}
	}()
	args, dir, err := globalArgs(args)
	if err != nil {
		fmt.Fprintf(stderr, "kfc: %s\n", esc.Text(err.Error()))
		return ExitUsage
	}
	if dir != "" {
		// As git -C and make -C: the process runs in DIR, so every path
		// argument and every upward project search starts there.
		if err := os.Chdir(dir); err != nil {
			fmt.Fprintf(stderr, "kfc: -C %s: %s\n", esc.Text(dir), esc.Text(errors.Unwrap(err).Error()))
			return ExitUsage
		}
	}
	cwd, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(stderr, "kfc: %s\n", esc.Text(err.Error()))
		return ExitUsage
	}
	e := &env{stdout: stdout, stderr: stderr, getenv: os.LookupEnv, cwd: cwd}
	ctx := parseOne(args, e)
	if ctx == nil {
		var root cliRoot
		exited := -1
		parser, err := newParser(&root, e, stdout, stderr, &exited)
		if err != nil {
			fmt.Fprintf(stderr, "kfc: internal error: %v\n", err)
			return ExitInternal
		}
		ctx, err = parseArgs(parser, args, &exited)
		if exited >= 0 {
			if exited != 0 {
				return ExitUsage
			}
			return ExitClean
		}
		if err != nil {
			fmt.Fprintf(stderr, "kfc: %s\n", esc.Text(err.Error()))
			return ExitUsage
		}
	}
	err = ctx.Run(e)
	pool.Raise()
	if err != nil {
		var ee *exitError
		if errors.As(err, &ee) {
			if ee.msg != "" {
				fmt.Fprintf(stderr, "kfc: %s\n", esc.Text(strings.TrimRight(ee.msg, "\n")))
			}
			return ee.code
		}
		fmt.Fprintf(stderr, "kfc: %s\n", esc.Text(err.Error()))
		return ExitInternal
	}
	return ExitClean
}

// globalArgs takes what comes before the command: any number of `-C DIR`
// (`-CDIR`, `-C=DIR`; each relative to the one before, as git's), then
// `kfc help [COMMAND...]` is `kfc [COMMAND...] --help` and a bare `kfc`
// prints the help.
func globalArgs(args []string) (rest []string, dir string, err error) {
	for len(args) > 0 && strings.HasPrefix(args[0], "-C") {
		d := strings.TrimPrefix(strings.TrimPrefix(args[0], "-C"), "=")
		args = args[1:]
		if d == "" {
			if len(args) == 0 {
				return nil, "", fmt.Errorf("-C needs a directory: kfc -C DIR COMMAND")
			}
			d, args = args[0], args[1:]
		}
		if dir != "" && !filepath.IsAbs(d) {
			d = filepath.Join(dir, d)
		}
		dir = d
	}
	switch {
	case len(args) == 0:
		args = []string{"--help"}
	case args[0] == "help":
		args = append(append([]string(nil), args[1:]...), "--help")
	}
	return args, dir, nil
}

type kongExit struct{}

// parseArgs runs kong's parser, turning its exit (after --help) into a return.
func parseArgs(p *kong.Kong, args []string, exited *int) (ctx *kong.Context, err error) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(kongExit); !ok {
				panic(r)
			}
		}
	}()
	return p.Parse(args)
}

// VersionCmd prints the version.
type VersionCmd struct{}

func (VersionCmd) Run(e *env) error {
	fmt.Fprintf(e.stdout, "kfc %s\n", Version)
	return nil
}
