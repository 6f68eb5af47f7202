package config

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/interp"
)

// corpusDir holds real Kedro projects' conf folders (read only, never
// copied into the repository).
const corpusDir = "../../../shared/corpus/kedro/examples"

// corpusSettings are the loader settings of corpus projects whose
// settings.py is not in the corpus, as [tool.kfc] (everycure matrix: from
// its NOTES.derived.yaml, i.e. its settings.py CONFIG_LOADER_ARGS).
var corpusSettings = map[string]string{
	"everycure-matrix": `[tool.kfc]
base_env = "base"
default_run_env = "local"
merge_strategy = { parameters = "soft", mlflow = "soft", globals = "soft" }
custom_resolvers = ["merge", "oc.env", "oc.int", "setting", "if_null"]
[tool.kfc.config_patterns]
spark = ["spark*", "spark*/**"]
mlflow = ["mlflow*", "mlflow*/**"]
globals = ["globals*", "globals*/**", "**/globals*"]
parameters = ["parameters*", "parameters*/**", "**/parameters*", "**/parameters*/**"]
`,
}

// corpusProject returns a project folder for a corpus project: the corpus
// folder itself, or a temporary one with its settings and a copy of its
// conf when it needs settings the corpus does not hold.
func corpusProject(t *testing.T, name string) string {
	dir := filepath.Join(corpusDir, name)
	settings, ok := corpusSettings[name]
	if !ok {
		return dir
	}
	tmp := t.TempDir()
	// A copy, not a symlink: kfc does not follow a conf folder that leads
	// out of the project.
	if err := os.CopyFS(filepath.Join(tmp, "conf"), os.DirFS(filepath.Join(dir, "conf"))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tmp, "pyproject.toml"), []byte(settings), 0o644); err != nil {
		t.Fatal(err)
	}
	return tmp
}

// TestCorpusLoadsClean loads every corpus project in every environment it
// has: no error may come out (a warning for a git-ignored conf/local is
// fine, as are infos about custom resolvers kfc does not evaluate).
// advisory are the problems a real project may have and still load (lint
// makes them warnings or info); any other problem fails the test.
var advisory = map[diag.Code]bool{
	CodeMissingDefaultEnv: true, CodeParamShapeClash: true, CodeAmbiguousTemplate: true,
	CodeUnreadableFolder: true, CodeUnclearSettings: true,
	interp.CodeEnvUnset: true, interp.CodeCustomResolver: true, interp.CodeRuntimeParamsNotGiven: true,
}

func TestCorpusLoadsClean(t *testing.T) {
	projects, err := os.ReadDir(corpusDir)
	if err != nil {
		t.Skipf("corpus not available (%v)", err)
	}
	// Variables the matrix project reads without a default; its CI sets them.
	getenv := envOf(map[string]string{"RUNTIME_GCP_BUCKET": "bucket", "RUNTIME_GCP_PROJECT_ID": "project", "MLFLOW_URL": "http://mlflow"})
	for _, proj := range projects {
		if !proj.IsDir() {
			continue
		}
		name := proj.Name()
		envDirs, _ := os.ReadDir(filepath.Join(corpusDir, name, "conf"))
		envs := []string{""} // the default run env
		for _, e := range envDirs {
			if e.IsDir() && e.Name() != "base" {
				envs = append(envs, e.Name())
			}
		}
		sort.Strings(envs)
		for _, env := range envs {
			t.Run(name+"/"+env, func(t *testing.T) {
				var diags diag.List
				p, err := Load(LoadOptions{Root: corpusProject(t, name), Env: env, Getenv: getenv}, &diags)
				if err != nil {
					t.Fatal(err)
				}
				for _, d := range diags.Items() {
					if !advisory[d.Code] {
						t.Errorf("%s", d)
					} else {
						t.Logf("%s", d)
					}
				}
				if p.Get("catalog") == nil && p.Get("parameters") == nil {
					t.Errorf("nothing loaded: %v", p.Files)
				}
			})
		}
	}
}

// TestCorpusDemoProjectSurprises pins the kedro-viz demo project's golden
// surprises (notes/kedro.md §7 findings 1-3) on the real files.
func TestCorpusDemoProjectSurprises(t *testing.T) {
	requireInterp(t)
	dir := filepath.Join(corpusDir, "kedro-viz-demo-project")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not available (%v)", err)
	}
	var diags diag.List
	p, err := Load(LoadOptions{Root: dir, Env: "prod", Getenv: noEnv}, &diags)
	if err != nil {
		t.Fatal(err)
	}
	wantNoFindings(t, diags.Items())
	// 1 and 3: prod's _base_location does not reach base entries, and the
	// base value "data/" doubles the slash.
	if got := p.Get("catalog").Lookup("companies", "filepath").Text; got != "data//01_raw/companies.csv" {
		t.Errorf("companies.filepath = %q", got)
	}
	if p.Get("catalog").Get("_base_location") != nil {
		t.Error("_ keys are dropped from the catalog")
	}
	// 2: prod's split_options replaces base's whole (destructive merge).
	if got := compact(p.Get("parameters").Get("split_options")); got != `{"test_size":0.4}` {
		t.Errorf("split_options = %s", got)
	}
	if got := compact(p.PerEnv["parameters"]["base"].Get("split_options")); got != `{"test_size":0.2,"random_state":3,"target":"price"}` {
		t.Errorf("base split_options = %s", got)
	}
}
