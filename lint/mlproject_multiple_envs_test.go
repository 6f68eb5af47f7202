package lint

import "testing"

func TestMLprojectMultipleEnvs(t *testing.T) {
	files := map[string]string{"python_env.yaml": "python: \"3.11\"\n", "conda.yaml": "dependencies: [python=3.11]\n"}
	expectMLproject(t, "mlproject-multiple-envs", `
python_env: python_env.yaml
conda_env: conda.yaml
entry_points:
  main: {command: python train.py}
`, files,
		"MLproject:3:1: error: the MLproject declares more than one environment (python_env, conda_env); MLflow accepts at most one of docker_env, python_env and conda_env [mlproject-multiple-envs]",
		"    MLproject:2:1: note: python_env is declared here")
	expectMLproject(t, "mlproject-multiple-envs", `
python_env: python_env.yaml
entry_points:
  main: {command: python train.py}
`, files)
}
