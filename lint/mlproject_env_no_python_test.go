package lint

import "testing"

func TestMLprojectEnvNoPython(t *testing.T) {
	expectMLproject(t, "mlproject-env-no-python", "entry_points:\n  main: {command: run}\n",
		map[string]string{"python_env.yaml": "dependencies: [pandas]\n", "conda.yaml": "name: x\n"},
		"python_env.yaml:1:1: info: python_env file python_env.yaml has no python version; MLflow uses the version of the Python that runs it, so runs may differ between machines [mlproject-env-no-python]")
	expectMLproject(t, "mlproject-env-no-python", "entry_points:\n  main: {command: run}\n",
		map[string]string{"python_env.yaml": "python: \"3.11\"\ndependencies: [pandas]\n"})
}
