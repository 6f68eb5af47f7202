package cli

import (
	"io"
	"reflect"
	"strings"

	"github.com/alecthomas/kong"
)

// newParser is kong over root with kfc's options; exited is set to the
// exit code when kong exits (after --help, --version or a usage error).
func newParser(root any, e *env, stdout, stderr io.Writer, exited *int) (*kong.Kong, error) {
	return kong.New(root,
		kong.Name("kfc"),
		kong.Description("kfc checks, compiles and runs Kedro and MLflow projects without Python.\n\n"+
			"Every command that reads a project finds it upward from the working directory. "+
			"`kfc -C DIR COMMAND ...` runs as if kfc was started in DIR (as git -C and make -C)."),
		kong.Vars{"version": "kfc " + Version},
		kong.Writers(stdout, stderr),
		kong.Exit(func(c int) { *exited = c; panic(kongExit{}) }),
		kong.UsageOnError(),
		kong.Bind(e),
	)
}

// parseOne parses args with a grammar of only the command args[0] names:
// kong builds its model by reflection over every command and interpolates
// every help text, 2.4 ms of each kfc process (BenchmarkParseExec), where
// one command's grammar is a fraction of that. It returns nil whenever
// that is not the whole answer: no such command, help or the version
// asked for, or anything kong refuses. The caller then parses with the
// whole grammar, which prints what kfc always printed; nothing was
// written meanwhile.
func parseOne(args []string, e *env) *kong.Context {
	root := oneCommandRoot(args)
	if root == nil {
		return nil
	}
	exited := -1
	p, err := newParser(root, e, io.Discard, io.Discard, &exited)
	if err != nil {
		return nil
	}
	ctx, err := parseArgs(p, args, &exited)
	if err != nil || exited >= 0 {
		return nil
	}
	return ctx
}

// oneCommandRoot is a new value of a struct holding cliRoot's flags and
// the one command args[0] names, or nil.
func oneCommandRoot(args []string) any {
	if len(args) == 0 {
		return nil
	}
	for _, a := range args {
		if a == "-h" || a == "--help" || a == "--version" || a == "--" {
			return nil
		}
	}
	t := reflect.TypeFor[cliRoot]()
	var fields []reflect.StructField
	found := false
	for i := range t.NumField() {
		f := t.Field(i)
		_, isCmd := f.Tag.Lookup("cmd")
		if isCmd && (found || strings.ToLower(f.Name) != args[0] || f.Tag.Get("name") != "" || f.Tag.Get("aliases") != "") {
			continue
		}
		found = found || isCmd
		fields = append(fields, reflect.StructField{Name: f.Name, Type: f.Type, Tag: f.Tag})
	}
	if !found {
		return nil
	}
	return reflect.New(reflect.StructOf(fields)).Interface()
}
