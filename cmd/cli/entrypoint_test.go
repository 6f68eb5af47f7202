package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/plan"
	"github.com/kfc-dev/kfc/internal/schematest"
)

const corpusMLprojects = "../../../shared/corpus/mlflow/mlproject"

// TestBuildEntryPointCorpus builds entry points of MLflow's own example
// projects. Each expected command is what MLflow 3.6's
// EntryPoint.compute_command returned for the same MLproject and -P values
// (run once with storage_dir=None, which leaves path values as given).
func TestBuildEntryPointCorpus(t *testing.T) {
	if _, err := os.Stat(corpusMLprojects); err != nil {
		t.Skipf("no corpus at %s: %v", corpusMLprojects, err)
	}
	for _, c := range []struct {
		dir, entry string
		params     []string
		want       string
	}{
		{"sklearn_elasticnet_wine", "main", nil, "python train.py 0.5 0.1"},
		{"sklearn_elasticnet_wine", "main", []string{"alpha=0.7", "extra=a_b"}, "python train.py 0.7 0.1 --extra a_b"},
		// learning_rate's default 1e-1 is a string to PyYAML, substituted as written.
		{"hyperparam", "train", nil, "python train.py https://raw.githubusercontent.com/mlflow/mlflow/master/tests/datasets/winequality-white.csv --batch-size 16 --epochs 32 --learning-rate 1e-1 --momentum 0.0"},
		{"hyperparam", "train", []string{"epochs=5", "learning_rate=1e-3"}, "python train.py https://raw.githubusercontent.com/mlflow/mlflow/master/tests/datasets/winequality-white.csv --batch-size 16 --epochs 5 --learning-rate 1e-3 --momentum 0.0"},
		{"multistep_workflow", "etl_data", []string{"ratings_csv=MLproject"}, "python etl_data.py --ratings-csv MLproject --max-row-limit 100000"},
		{"multistep_workflow", "main", nil, "python main.py --als-max-iter 10 --keras-hidden-units 20 --max-row-limit 100000"},
		{"tests_example_project", "greeter", []string{"name=friend"}, "python greeter.py hi friend"},
		{"tests_example_project", "download_uri", []string{"uri=https://example.com/x"}, "curl https://example.com/x | wc -l"},
		{"tests_example_project", "sleep", []string{"duration=1"}, "sleep 1"},
		{"tests_example_project", "line_count", []string{"path=MLproject"}, "cat MLproject | wc -l"},
		{"virtualenv", "main", nil, "python entrypoint.py"},
	} {
		args := []string{"build", filepath.Join(corpusMLprojects, c.dir), "--entry-point", c.entry}
		for _, p := range c.params {
			args = append(args, "-P", p)
		}
		out, errOut, code := runKfc(t, args...)
		if code != 0 {
			t.Errorf("%v: exit %d\n%s", args, code, errOut)
			continue
		}
		if err := schematest.ValidatePlan([]byte(out)); err != nil {
			t.Errorf("%v: plan does not validate: %v", args, err)
		}
		p, err := plan.Decode([]byte(out))
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Verify(); err != nil {
			t.Errorf("%v: %v", args, err)
		}
		if got := p.Nodes[0].Command.Shell; got != c.want {
			t.Errorf("%s -e %s %v:\n got %q\nwant %q", c.dir, c.entry, c.params, got, c.want)
		}
	}
	// MLflow's own failures for these projects, and kfc's refusals.
	for _, c := range []struct {
		dir, entry string
		params     []string
		want       string
	}{
		{"tests_example_project", "greeter", nil, "kfc: No value given for missing parameters: 'name'\n"},
		{"tests_example_project", "sleep", []string{"duration=1.5"}, "kfc: -P duration: \"1.5\" is not an int\n"},
		{"tests_example_project", "download_uri", []string{"uri=x"}, "kfc: -P uri: \"x\" is not a URI: it has no scheme such as file: or s3:\n"},
		{"docker", "main", []string{"alpha=0.3"}, "kfc: the MLproject runs its entry points in docker_env (image \"mlflow-docker-example\")"},
	} {
		args := []string{"build", filepath.Join(corpusMLprojects, c.dir), "--entry-point", c.entry}
		for _, p := range c.params {
			args = append(args, "-P", p)
		}
		out, errOut, code := runKfc(t, args...)
		if code != ExitUsage || out != "" || !strings.HasPrefix(errOut, c.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and %q", args, code, out, errOut, c.want)
		}
	}
}

// TestBuildEntryPointExitCodes pins the exit code of each kind of problem:
// 2 for the command line and for what kfc does not implement, 1 for vet
// errors in the project.
func TestBuildEntryPointExitCodes(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{
		"MLproject":        "name: x\nentry_points:\n  main:\n    parameters:\n      alpha: float\n    command: python train.py {alpha}\n",
		"train.py":         "",
		"docker/MLproject": "docker_env:\n  image: img\nentry_points:\n  main:\n    command: python x.py\n",
		"bad/MLproject":    "entry_points:\n  main:\n    parameters:\n      alpha: {type: float, default: abc}\n    command: python x.py {alpha}\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{dir, "--entry-point", "main", "-P", "alpha=1"}, ExitClean},
		{[]string{dir, "--entry-point", "main", "-P", "alpha=x"}, ExitUsage},
		{[]string{dir, "--entry-point", "main"}, ExitUsage},
		{[]string{dir, "--entry-point", "main", "-P", "alpha=1", "-P", "alpha=2"}, ExitUsage},
		{[]string{dir, "--entry-point", "main", "-P", "alpha"}, ExitUsage},
		{[]string{dir, "--entry-point", "nope", "-P", "alpha=1"}, ExitUsage},
		{[]string{dir, "--entry-point", "main", "-P", "alpha=1", "--env-manager", "conda"}, ExitUsage},
		{[]string{dir, "--entry-point", "main", "-P", "alpha=1", "-n", "x"}, ExitUsage},
		{[]string{dir, "-P", "alpha=1"}, ExitUsage},
		{[]string{filepath.Join(dir, "docker"), "--entry-point", "main"}, ExitUsage},
		{[]string{filepath.Join(dir, "bad"), "--entry-point", "main"}, ExitFindings},
		{[]string{filepath.Join(dir, "missing"), "--entry-point", "main"}, ExitUsage},
	} {
		out, errOut, code := runKfc(t, append([]string{"build"}, c.args...)...)
		if code != c.code {
			t.Errorf("kfc build %v: exit %d, want %d\n%s%s", c.args, code, c.code, out, errOut)
		}
		if code != ExitClean && out != "" {
			t.Errorf("kfc build %v: a failed build printed a plan", c.args)
		}
	}
}
