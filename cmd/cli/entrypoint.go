package cli

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/kfc-dev/kfc/compiler/plan"
	"github.com/kfc-dev/kfc/internal/esc"
	"github.com/kfc-dev/kfc/project"
)

// EntryPointFlags select an MLproject entry point instead of a Kedro
// pipeline (mlflow run's -e/-P).
type EntryPointFlags struct {
	EntryPoint string   `name:"entry-point" placeholder:"NAME" help:"Run this MLproject entry point (or a .py/.sh file of the project) as mlflow run -e does, instead of a Kedro pipeline."` // no short flag: -e is --env, as in kedro run
	Param      []string `short:"P" name:"param" sep:"none" placeholder:"K=V" help:"Entry-point parameter, as mlflow run -P name=value; repeatable."`
	EnvManager string   `name:"env-manager" default:"local" enum:"local,virtualenv,uv,conda" help:"Environment entry points run in; only local (the current environment) is implemented."`
}

// Check refuses flag combinations that make no sense with (or without)
// --entry-point: -P without an entry point, pipeline selectors with one,
// and any environment manager but local. kfc build and kfc exec call it
// before anything else.
func (f EntryPointFlags) Check(pf ProjectFlags, sf SelectFlags) error {
	if err := plan.CheckEnvManager(f.EnvManager); err != nil {
		return usageErr("%v", err)
	}
	if f.EntryPoint == "" {
		if len(f.Param) > 0 {
			return usageErr("-P sets entry-point parameters: give --entry-point NAME (for Kedro parameters use --params)")
		}
		return nil
	}
	var given []string
	if sf.Pipeline != "" && sf.Pipeline != "__default__" {
		given = append(given, "--pipeline")
	}
	if len(sf.Pipelines) > 0 {
		given = append(given, "--pipelines")
	}
	for _, s := range []struct {
		flag string
		v    []string
	}{
		{"--nodes", sf.Nodes}, {"--from-nodes", sf.FromNodes}, {"--to-nodes", sf.ToNodes},
		{"--from-inputs", sf.FromInputs}, {"--to-outputs", sf.ToOutputs}, {"--tags", sf.Tags},
		{"--namespaces", sf.Namespaces}, {"--load-versions", sf.LoadVersions},
	} {
		if len(s.v) > 0 {
			given = append(given, s.flag)
		}
	}
	if pf.Params != "" {
		given = append(given, "--params")
	}
	if len(given) > 0 {
		return usageErr("--entry-point runs one MLproject entry point and cannot be combined with %s, which select from a Kedro pipeline (entry-point parameters are -P name=value)",
			strings.Join(given, ", "))
	}
	return nil
}

// buildEntryPointPlan compiles the one-node plan of `mlflow run DIR -e NAME -P k=v ...`.
// Like a pipeline build it vets the project first and refuses on errors
// (exit 1); a bare folder of scripts, with neither conf/ nor an MLproject,
// is an MLflow convention-based project. Command-line problems (including
// a -P value of the wrong type) are printed one per line, exit 2.
func buildEntryPointPlan(e *env, dir string, pf ProjectFlags, f EntryPointFlags) (*plan.Plan, *project.Project, error) {
	if f.EntryPoint == "" {
		return nil, nil, usageErr("--entry-point: give the name of an MLproject entry point or a .py/.sh script")
	}
	if err := f.Check(pf, SelectFlags{}); err != nil {
		return nil, nil, err
	}
	if dir == "" {
		dir = findProjectRoot(e.cwd)
	}
	if st, statErr := os.Stat(dir); statErr != nil || !st.IsDir() {
		return nil, nil, usageErr("%s is not a project directory", dir)
	}
	project.Warm()
	proj, err := project.Load(project.Options{Root: dir, Env: pf.Env, Getenv: e.getenv, Scripts: true})
	if err != nil {
		return nil, nil, &exitError{code: ExitUsage, msg: err.Error()}
	}
	proj.Lint()
	if err := refuseOnFindings(e, proj); err != nil {
		return nil, nil, err
	}
	p, err := proj.CompileEntryPoint(f.EntryPoint, f.Param,
		plan.EntryPointOptions{EnvManager: f.EnvManager, KfcVersion: Version, WorkDir: e.cwd})
	var selErr *plan.SelectionError
	if errors.As(err, &selErr) {
		for _, msg := range selErr.Problems {
			fmt.Fprintln(e.stderr, "kfc: "+esc.Text(msg))
		}
		return nil, nil, &exitError{code: ExitUsage}
	}
	if err != nil {
		return nil, nil, err
	}
	return p, proj, nil
}
