package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const corpusExamples = "../../../shared/corpus/kedro/examples"

// matrixSettings are everycure-matrix's CONFIG_LOADER_ARGS (its settings.py
// is not in the corpus; NOTES.derived.yaml records them), as [tool.kfc].
const matrixSettings = `[tool.kfc]
base_env = "base"
default_run_env = "local"
custom_resolvers = ["merge", "oc.env", "oc.int", "setting", "if_null"]

[tool.kfc.merge_strategy]
parameters = "soft"
mlflow = "soft"
globals = "soft"

[tool.kfc.config_patterns]
spark = ["spark*", "spark*/**"]
mlflow = ["mlflow*", "mlflow*/**"]
globals = ["globals*", "globals*/**", "**/globals*"]
parameters = ["parameters*", "parameters*/**", "**/parameters*", "**/parameters*/**"]
`

// finding is one pinned line of kfc vet output and why it is a real problem.
type finding struct{ line, reason string }

// TestCorpusProjects vets the real projects of ../shared/corpus. The
// spaceflights starters must be clean; for the others every printed
// finding is pinned with the reason it is a real problem.
func TestCorpusProjects(t *testing.T) {
	if _, err := os.Stat(corpusExamples); err != nil {
		t.Skipf("no corpus at %s (CI has ../shared beside the checkout): %v", corpusExamples, err)
	}
	layer := finding{
		"conf/base/catalog_04_feature.yml:5:2: error: top-level 'layer' was removed in Kedro 0.19: the dataset class receives it as an argument and fails (unexpected keyword argument 'layer'); move it to metadata: {kedro-viz: {layer: feature}} [catalog-top-level-layer]",
		"the factory passes layer= to ParquetDataset.__init__, a TypeError in Kedro >= 0.19 for any name it matches",
	}
	noLocal := finding{
		`conf/local: warning: Given configuration path either does not exist or is not a valid directory: conf/local (run environment "local" from default_run_env); kedro run would stop here, kfc loads the base environment alone [missing-default-env]`,
		"the corpus copy has no conf/local; `kedro run` with the default environment raises exactly this",
	}
	cases := []struct {
		project, settings string
		args              []string
		want              []finding
		exit              int
	}{
		{project: "spaceflights-pandas"},
		{project: "spaceflights-pyspark"},
		{project: "kedro-viz-demo-project", want: []finding{layer, noLocal}, exit: 1},
		{project: "kedro-viz-demo-project", args: []string{"--env", "prod"}, want: []finding{layer}, exit: 1},
		{project: "everycure-matrix", settings: matrixSettings, want: []finding{noLocal}},
		{project: "everycure-matrix", settings: matrixSettings, args: []string{"--env", "cloud"}},
		{project: "everycure-matrix", settings: matrixSettings, args: []string{"--env", "test"}},
		{project: "everycure-matrix", settings: matrixSettings, args: []string{"--env", "sample"}},
	}
	for _, c := range cases {
		t.Run(c.project+strings.Join(c.args, ""), func(t *testing.T) {
			dir := t.TempDir()
			copyTree(t, filepath.Join(corpusExamples, c.project, "conf"), filepath.Join(dir, "conf"))
			if c.settings != "" {
				write(t, filepath.Join(dir, "pyproject.toml"), c.settings)
			}
			var out, errb bytes.Buffer
			code := Main(append(append([]string{"vet"}, c.args...), dir), &out, &errb)
			var want strings.Builder
			for _, f := range c.want {
				want.WriteString(f.line + "\n")
			}
			got := strings.ReplaceAll(out.String(), relTo(t, dir)+"/", "")
			if got != want.String() || code != c.exit {
				t.Errorf("exit %d (want %d)\ngot:\n%s\nwant:\n%s\nstderr: %s", code, c.exit, got, want.String(), errb.String())
			}
		})
	}
}

// relTo is dir as kfc prints it: relative to the working directory.
func relTo(t *testing.T, dir string) string {
	cwd, _ := os.Getwd()
	rel, err := filepath.Rel(cwd, dir)
	if err != nil {
		t.Fatal(err)
	}
	return filepath.ToSlash(rel)
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.Walk(from, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestCorpusKedroVizDemoBuilds: Kedro runs the kedro-viz demo project,
// whose one error (a top-level layer) is in a factory pattern no pipeline
// uses, so kfc build prints it and writes the plan (issue 11 point 11).
// The pipelines are the fixture the lint corpus tests use.
func TestCorpusKedroVizDemoBuilds(t *testing.T) {
	src := filepath.Join(corpusExamples, "kedro-viz-demo-project")
	if _, err := os.Stat(src); err != nil {
		t.Skipf("no corpus at %s (CI has ../shared beside the checkout): %v", corpusExamples, err)
	}
	for name, args := range map[string][]string{"default": nil, "prod": {"--env", "prod"}} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			copyTree(t, filepath.Join(src, "conf"), filepath.Join(dir, "conf"))
			fixture, err := os.ReadFile("../../testdata/projects/kedro-viz-demo-project/conf/base/pipelines.yml")
			if err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(dir, "conf", "base", "pipelines.yml"), string(fixture))
			var out, errb bytes.Buffer
			if code := Main(append(append([]string{"build"}, args...), dir), &out, &errb); code != 0 {
				t.Fatalf("exit %d, stderr:\n%s", code, errb.String())
			}
			var p struct {
				Nodes    []struct{ Name string }
				Datasets map[string]struct{ Pattern string }
			}
			if err := json.Unmarshal(out.Bytes(), &p); err != nil {
				t.Fatalf("stdout is not a plan: %v", err)
			}
			if len(p.Nodes) < 10 {
				t.Errorf("the plan has %d nodes; the demo's __default__ has more", len(p.Nodes))
			}
			for name, d := range p.Datasets {
				if strings.HasPrefix(d.Pattern, "feature_engineering.feat_") {
					t.Errorf("dataset %s resolves through the pattern kfc calls unused", name)
				}
			}
			stderr := strings.ReplaceAll(errb.String(), relTo(t, dir)+"/", "")
			for _, want := range []string{
				"conf/base/catalog_04_feature.yml:5:2: error: top-level 'layer' was removed in Kedro 0.19",
				"kfc: the 1 error above is in catalog entries or parameters the selected nodes do not use: going on (docs/plan.md)\n",
			} {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
		})
	}
}
