package cli

import (
	"errors"

	"github.com/kfc-dev/kfc/compiler/plan"
)

// EntryPointFlags select an MLproject entry point instead of a Kedro
// pipeline (mlflow run's -e/-P).
type EntryPointFlags struct {
	EntryPoint string   `name:"entry-point" placeholder:"NAME" help:"Run this MLproject entry point (or a .py/.sh file) as mlflow run -e does, instead of a Kedro pipeline."` // no short flag: -e is --env, as in kedro run
	Param      []string `short:"P" name:"param" placeholder:"K=V" help:"Entry-point parameter as mlflow run -P: k=v, repeatable."`
	EnvManager string   `name:"env-manager" default:"local" enum:"local,virtualenv,uv,conda" help:"Environment to run entry points in; only local (the current environment) is implemented."`
}

// buildEntryPointPlan compiles the one-node plan of `mlflow run DIR -e NAME -P k=v ...`.
func buildEntryPointPlan(e *env, dir string, pf ProjectFlags, f EntryPointFlags) (*plan.Plan, error) {
	return nil, errors.New("entry-point plans: not yet")
}
