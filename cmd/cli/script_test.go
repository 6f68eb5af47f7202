package cli

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets testscript run kfc in-process as the `kfc` command.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"kfc": func() { os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs testdata/script/*.txtar. KFC_UPDATE=1 rewrites the
// expected output in place after a deliberate change.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "../../testdata/script",
		UpdateScripts:       os.Getenv("KFC_UPDATE") == "1",
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Cmds:                trackingCmds,
		Setup: func(env *testscript.Env) error {
			// Findings must not depend on the developer's environment.
			env.Setenv("NO_COLOR", "1")
			env.Setenv("KEDRO_ENV", "")
			env.Setenv("KFC_ENV", "")
			return nil
		},
	})
}
