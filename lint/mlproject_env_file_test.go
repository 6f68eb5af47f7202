package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMLprojectEnvFileMissing(t *testing.T) {
	expectMLproject(t, "mlproject-env-file", "python_env: env/python_env.yaml\nentry_points:\n  main: {command: run}\n", nil,
		"MLproject:1:13: error: python_env file env/python_env.yaml does not exist; MLflow fails: \"Project specified python_env file env/python_env.yaml, but no such file was found.\" [mlproject-env-file]")
	expectMLproject(t, "mlproject-env-file", "python_env: env/python_env.yaml\nentry_points:\n  main: {command: run}\n",
		map[string]string{"env/python_env.yaml": "python: \"3.11\"\nbuild_dependencies: [pip]\ndependencies: [scikit-learn==1.5.0]\n"})
}

func TestMLprojectEnvFilePythonEnv(t *testing.T) {
	expectMLproject(t, "mlproject-env-file", "python_env: python_env.yaml\nentry_points:\n  main: {command: run}\n",
		map[string]string{"python_env.yaml": "python: 3.10\ndependencies: scikit-learn\nrequirements: [pandas]\n"},
		"python_env.yaml:1:9: error: python: 3.10 is read by YAML as the float 3.1, which MLflow rejects (TypeError); quote it: \"3.10\" [mlproject-env-file]",
		"python_env.yaml:2:15: error: dependencies in python_env.yaml must be a list of requirement strings, not the string 'scikit-learn' (MLflow fails with a TypeError) [mlproject-env-file]",
		"python_env.yaml:3:1: error: unknown key requirements in python_env file python_env.yaml; MLflow fails with a TypeError (it takes python, build_dependencies and dependencies) [mlproject-env-file]")
}

// Without an environment key MLflow uses python_env.yaml, else conda.yaml.
func TestMLprojectEnvFileDefaults(t *testing.T) {
	expectMLproject(t, "mlproject-env-file", "entry_points:\n  main: {command: run}\n",
		map[string]string{"python_env.yaml": "dependencies: [pandas]\n", "conda.yaml": "name: x\n"}) // only mlproject-env-no-python
	expectMLproject(t, "mlproject-env-file", "entry_points:\n  main: {command: run}\n",
		map[string]string{"conda.yaml": "name: x\nchannels: [conda-forge]\n"},
		"conda.yaml:1:1: error: conda environment file conda.yaml has no dependencies [mlproject-env-file]")
	expectMLproject(t, "mlproject-env-file", "conda_env: env.yml\nentry_points:\n  main: {command: run}\n",
		map[string]string{"env.yml": "dependencies:\n  - python=3.11\n  - pip\n  - pip: [mlflow, 1]\n  - [x]\n"},
		"env.yml:4:19: error: an item of pip must be a requirement string such as \"scikit-learn==1.5.0\", not the int 1 [mlproject-env-file]",
		"env.yml:5:5: error: a conda dependency must be a string such as \"python=3.11\" or a mapping {pip: [...]}, not a list (MLflow: \"Invalid conda dependency\") [mlproject-env-file]")
	expectMLproject(t, "mlproject-env-file", "docker_env: {image: x}\nentry_points:\n  main: {command: run}\n",
		map[string]string{"python_env.yaml": "oops: 1\n"})
}

// Every MLflow example project's environment file passes.
func TestMLprojectEnvFileCorpus(t *testing.T) {
	dirs, _ := filepath.Glob("../../shared/corpus/mlflow/mlproject/*")
	if len(dirs) == 0 {
		t.Skip("corpus absent: ../shared/corpus/mlflow/mlproject")
	}
	for _, dir := range dirs {
		if _, err := os.Stat(filepath.Join(dir, "MLproject")); err != nil {
			continue
		}
		for _, rule := range []string{"mlproject-env-file", "mlproject-schema", "mlproject-param-type", "mlproject-placeholder", "mlproject-multiple-envs", "mlproject-docker"} {
			for _, line := range runRule(t, rule, loadDir(t, dir)) {
				if !strings.Contains(line, ": info: ") {
					t.Errorf("%s: %s", dir, line)
				}
			}
		}
	}
}

// A python_env file that is one long string (a file of lines, such as a
// token list, reads so) is described by an excerpt, never quoted whole.
func TestMLprojectEnvFileQuotesAnExcerpt(t *testing.T) {
	long := strings.Repeat("a", 70) + " TAIL-NEVER-SHOWN"
	expectMLproject(t, "mlproject-env-file", "python_env: python_env.yaml\nentry_points:\n  main: {command: run}\n",
		map[string]string{"python_env.yaml": long + "\n"},
		"python_env.yaml:1:1: error: python_env file python_env.yaml must be a mapping with python, build_dependencies and dependencies, not the string '"+strings.Repeat("a", 60)+"'... (MLflow fails with a TypeError) [mlproject-env-file]")
}
