package lint

import "testing"

func TestMLprojectSchema(t *testing.T) {
	expectMLproject(t, "mlproject-schema", `
name: demo
entry_point:
  main: {command: run}
entry_points:
  main:
    parameters:
      alpha: {typ: float}
  train:
`, nil,
		"MLproject:3:1: error: unknown key entry_point in the MLproject file (did you mean entry_points?); MLflow ignores it silently [mlproject-schema]",
		"MLproject:6:3: error: entry point main has no command (MLflow fails with an AttributeError when it runs) [mlproject-schema]",
		"MLproject:8:15: error: unknown key typ in parameter alpha of entry point main (did you mean type?); MLflow ignores it silently [mlproject-schema]",
		"MLproject:9:3: error: entry point train must be a mapping with a command (and optional parameters), not null (MLflow fails with an AttributeError) [mlproject-schema]")
	expectMLproject(t, "mlproject-schema", `
name: demo
entry_points:
  main:
    parameters:
      alpha: {type: float}
    command: python train.py {alpha}
`, nil)
}

func TestMLprojectSchemaEmptyFile(t *testing.T) {
	expectMLproject(t, "mlproject-schema", "# nothing yet\n", nil,
		"MLproject: error: the MLproject file is empty; MLflow fails on it with an AttributeError (write at least `entry_points:` with one entry point) [mlproject-schema]")
}
