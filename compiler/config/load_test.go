package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

func TestLoadRootErrors(t *testing.T) {
	var diags diag.List
	if _, err := Load(LoadOptions{Root: filepath.Join(t.TempDir(), "nope"), Getenv: noEnv}, &diags); err == nil {
		t.Error("a missing project folder must be an error")
	}
	empty := writeProject(t, map[string]string{"README.md": "hi"})
	if _, err := Load(LoadOptions{Root: empty, Getenv: noEnv}, &diags); err == nil ||
		!strings.Contains(err.Error(), "neither a Kedro project") {
		t.Errorf("no conf and no MLproject: got %v", err)
	}
	file := filepath.Join(empty, "README.md")
	if _, err := Load(LoadOptions{Root: file, Getenv: noEnv}, &diags); err == nil {
		t.Error("a file as project must be an error")
	}
	if diags.Len() != 0 {
		t.Errorf("unexpected findings:\n%s", findings(diags.Items()))
	}
}

func TestLoadBareMLflowProject(t *testing.T) {
	p, ds := load(t, map[string]string{"mlproject": "name: x\nentry_points:\n  main:\n    command: python a.py\n"}, LoadOptions{})
	wantNoFindings(t, ds)
	if p.MLproject == nil || p.MLproject.Path != "mlproject" || p.MLproject.Root.Get("name").Text != "x" {
		t.Fatalf("MLproject in any casing must be found and parsed: %+v", p.MLproject)
	}
	if len(p.Config) != 0 || len(p.Files) != 0 || p.Envs != nil {
		t.Errorf("a bare MLflow project has no config: %v %v", p.Config, p.Envs)
	}
}

func TestMLprojectExactNameWins(t *testing.T) {
	dir := writeProject(t, map[string]string{"conf/base/": "", "MLProject": "name: a\n", "MLproject": "name: b\n"})
	if got := findMLproject(dir); filepath.Base(got) != "MLproject" {
		t.Skipf("case-insensitive file system (found %s)", got)
	}
}

func TestRelativeRootIsStoredAbsolute(t *testing.T) {
	dir := writeProject(t, map[string]string{"conf/base/catalog.yml": "a: {type: MemoryDataset}\n", "conf/local/": ""})
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	if err := os.Chdir(filepath.Dir(dir)); err != nil {
		t.Fatal(err)
	}
	var diags diag.List
	p, err := Load(LoadOptions{Root: filepath.Base(dir), Getenv: noEnv}, &diags)
	if err != nil {
		t.Fatal(err)
	}
	if p.Root != dir {
		t.Errorf("Root = %q, want %q", p.Root, dir)
	}
	if p.Files[0].Path != "conf/base/catalog.yml" {
		t.Errorf("file paths must be project-relative: %q", p.Files[0].Path)
	}
}

func TestEnvSelection(t *testing.T) {
	files := map[string]string{
		"conf/base/catalog.yml":    "a: {type: MemoryDataset}\n",
		"conf/local/catalog.yml":   "b: {type: MemoryDataset}\n",
		"conf/kfc/catalog.yml":     "c: {type: MemoryDataset}\n",
		"conf/kedro/catalog.yml":   "d: {type: MemoryDataset}\n",
		"conf/flag/catalog.yml":    "e: {type: MemoryDataset}\n",
		"conf/staging/catalog.yml": "f: {type: MemoryDataset}\n",
	}
	cases := []struct {
		name string
		flag string
		vars map[string]string
		env  string
	}{
		{"default", "", nil, "local"},
		{"KEDRO_ENV", "", map[string]string{"KEDRO_ENV": "kedro"}, "kedro"},
		{"KFC_ENV beats KEDRO_ENV", "", map[string]string{"KFC_ENV": "kfc", "KEDRO_ENV": "kedro"}, "kfc"},
		{"--env beats both", "flag", map[string]string{"KFC_ENV": "kfc", "KEDRO_ENV": "kedro"}, "flag"},
		{"empty variables are unset", "", map[string]string{"KFC_ENV": "", "KEDRO_ENV": ""}, "local"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, ds := load(t, files, LoadOptions{Env: c.flag, Getenv: envOf(c.vars)})
			wantNoFindings(t, ds)
			if p.Env != c.env || !reflect.DeepEqual(p.Envs, []string{"base", c.env}) {
				t.Errorf("env %q envs %v, want %q", p.Env, p.Envs, c.env)
			}
		})
	}
	t.Run("settings default_run_env", func(t *testing.T) {
		f := clone(files)
		f["pyproject.toml"] = "[tool.kfc]\ndefault_run_env = \"staging\"\n"
		p, ds := load(t, f, LoadOptions{})
		wantNoFindings(t, ds)
		if p.Env != "staging" || compact(p.Get("catalog")) != `{"a":{"type":"MemoryDataset"},"f":{"type":"MemoryDataset"}}` {
			t.Errorf("env %q catalog %s", p.Env, compact(p.Get("catalog")))
		}
	})
}

func clone(m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

func TestMissingEnv(t *testing.T) {
	base := map[string]string{"conf/base/catalog.yml": "a: {type: MemoryDataset}\n"}
	t.Run("default local missing is a warning", func(t *testing.T) {
		// kedro-viz's demo project and many real repos git-ignore conf/local.
		p, ds := load(t, base, LoadOptions{})
		wantFindings(t, ds, `conf/local: Given configuration path either does not exist or is not a valid directory: conf/local (run environment "local" from default_run_env); kedro run would stop here, kfc loads the base environment alone [config.MissingDefaultEnv]`)
		if compact(p.Get("catalog")) != `{"a":{"type":"MemoryDataset"}}` || !reflect.DeepEqual(p.Envs, []string{"base"}) {
			t.Errorf("base must still load: %s %v", compact(p.Get("catalog")), p.Envs)
		}
	})
	for _, c := range []struct {
		name   string
		opts   LoadOptions
		source string
	}{
		{"--env", LoadOptions{Env: "prod"}, "--env"},
		{"KFC_ENV", LoadOptions{Getenv: envOf(map[string]string{"KFC_ENV": "prod"})}, "KFC_ENV"},
		{"KEDRO_ENV", LoadOptions{Getenv: envOf(map[string]string{"KEDRO_ENV": "prod"})}, "KEDRO_ENV"},
	} {
		t.Run("explicit "+c.name+" is an error", func(t *testing.T) {
			_, ds := load(t, base, c.opts)
			wantFindings(t, ds, `conf/prod: Given configuration path either does not exist or is not a valid directory: conf/prod (run environment "prod" from `+c.source+`) [config.MissingEnv]`)
		})
	}
	t.Run("missing base is an error", func(t *testing.T) {
		_, ds := load(t, map[string]string{"conf/local/catalog.yml": "a: {type: MemoryDataset}\n"}, LoadOptions{})
		wantFindings(t, ds, `conf/base: Given configuration path either does not exist or is not a valid directory: conf/base (base environment "base" from base_env) [config.MissingEnv]`)
	})
	t.Run("run env equal to base loads once", func(t *testing.T) {
		p, ds := load(t, base, LoadOptions{Env: "base"})
		wantNoFindings(t, ds)
		if !reflect.DeepEqual(p.Envs, []string{"base"}) || len(p.Files) != 1 {
			t.Errorf("envs %v files %d", p.Envs, len(p.Files))
		}
	})
}

func TestDiscovery(t *testing.T) {
	files := map[string]string{
		"conf/base/catalog.yml":                         "a: {type: MemoryDataset}\n",
		"conf/base/catalogue.json":                      `{"b": {"type": "MemoryDataset"}}`,
		"conf/base/catalog_extra.yaml":                  "c: {type: MemoryDataset}\n",
		"conf/base/catalog/one.yml":                     "d: {type: MemoryDataset}\n",
		"conf/base/catalog/deep/two.yml":                "e: {type: MemoryDataset}\n",
		"conf/base/sub/dir/catalog_x.yml":               "f: {type: MemoryDataset}\n",
		"conf/base/.ipynb_checkpoints/catalog-copy.yml": "a: {type: MemoryDataset}\n",
		"conf/base/.catalog_hidden.yml":                 "a: {type: MemoryDataset}\n",
		"conf/base/catalog_notes.txt":                   "not yaml",
		"conf/base/catalog_upper.YML":                   "a: {type: MemoryDataset}\n",
		"conf/base/other/thing.yml":                     "a: {type: MemoryDataset}\n",
		"conf/base/globals.yml":                         "g: 1\n",
		"conf/base/globals_more.yml":                    "h: 1\n",
		"conf/base/nested/globals.yml":                  "i: 1\n",
		"conf/base/parameters/model.yml":                "p: 1\n",
		"conf/base/pipelines.yml":                       "q: {}\n",
		"conf/base/mlflow.yml":                          "server: {}\n",
		"conf/base/credentials.yml":                     "k: {}\n",
		"conf/logging.yml":                              "version: 1\n",
		"conf/local/":                                   "",
	}
	p, ds := load(t, files, LoadOptions{})
	wantNoFindings(t, ds)
	var got []string
	for _, f := range p.Files {
		got = append(got, f.Key+" "+f.Path)
	}
	want := []string{
		"globals conf/base/globals.yml",
		"credentials conf/base/credentials.yml",
		"catalog conf/base/catalog.yml",
		"catalog conf/base/catalog/deep/two.yml",
		"catalog conf/base/catalog/one.yml",
		"catalog conf/base/catalog_extra.yaml",
		"catalog conf/base/catalogue.json",
		"catalog conf/base/sub/dir/catalog_x.yml",
		"parameters conf/base/parameters/model.yml",
		"mlflow conf/base/mlflow.yml",
		"pipelines conf/base/pipelines.yml",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("files:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if c := compact(p.Get("catalog")); c != `{"a":{"type":"MemoryDataset"},"e":{"type":"MemoryDataset"},"d":{"type":"MemoryDataset"},"c":{"type":"MemoryDataset"},"b":{"type":"MemoryDataset"},"f":{"type":"MemoryDataset"}}` {
		t.Errorf("catalog merged in file order: %s", c)
	}
}

func TestGlobMatch(t *testing.T) {
	cases := []struct {
		pattern, name string
		want          bool
	}{
		{"catalog*", "catalog.yml", true},
		{"catalog*", "catalogue.json", true},
		{"catalog*", "sub/catalog.yml", false},
		{"catalog*/**", "catalog/a.yml", true},
		{"catalog*/**", "catalog_x/a/b.yml", true},
		{"catalog*/**", "catalog.yml", false},
		{"**/catalog*", "catalog.yml", true},
		{"**/catalog*", "a/b/catalog_x.yml", true},
		{"**/catalog*", "a/b/my_catalog.yml", false},
		{"**/parameters*/**", "m/parameters/x.yml", true},
		{"globals.yml", "globals.yml", true},
		{"globals.yml", "a/globals.yml", false},
		{"spark*/", "spark/x.yml", false},
		{"[!a]*.yml", "b.yml", true},
		{"[!a]*.yml", "a.yml", false},
		{"bad[", "bad[", false},
		{"**", "x/y.yml", true},
	}
	for _, c := range cases {
		if got := globMatch(c.pattern, c.name); got != c.want {
			t.Errorf("globMatch(%q, %q) = %v, want %v", c.pattern, c.name, got, c.want)
		}
	}
}

func TestHiddenEnvAndLoadHidden(t *testing.T) {
	files := map[string]string{
		"conf/base/catalog.yml":                         "a: {type: MemoryDataset}\n",
		"conf/base/.ipynb_checkpoints/catalog-copy.yml": "a: {type: MemoryDataset}\n",
		"conf/local/":         "",
		"src/pkg/settings.py": `CONFIG_LOADER_ARGS = {"base_env": "base", "default_run_env": "local", "ignore_hidden": False}` + "\n",
	}
	_, ds := load(t, files, LoadOptions{})
	if got := rulesOf(ds); !reflect.DeepEqual(got, []string{string(CodeDuplicateKey)}) {
		t.Errorf("ignore_hidden=False loads checkpoint copies (Kedro #2583): %v\n%s", got, findings(ds))
	}
}

func TestUnreadableFiles(t *testing.T) {
	p, ds := load(t, map[string]string{
		"conf/base/catalog_bin.yml":  "a: 1\x00\x01\x02",
		"conf/base/catalog_l1.yml":   "a: 1\nb: caf\xe9\n",
		"conf/base/catalog_good.yml": "c: {type: MemoryDataset}\n",
		"conf/local/":                "",
	}, LoadOptions{})
	wantFindings(t, ds,
		"conf/base/catalog_bin.yml:1:5: conf/base/catalog_bin.yml is not a UTF-8 text file (a NUL byte); Kedro would fail to decode it [config.UnreadableFile]",
		"conf/base/catalog_l1.yml:2:7: conf/base/catalog_l1.yml is not a UTF-8 text file (invalid UTF-8 byte 0xe9); Kedro would fail to decode it [config.UnreadableFile]")
	if compact(p.Get("catalog")) != `{"c":{"type":"MemoryDataset"}}` {
		t.Errorf("good files still load: %s", compact(p.Get("catalog")))
	}
}

func TestOversizedFile(t *testing.T) {
	dir := writeProject(t, map[string]string{"conf/base/catalog_small.yml": "a: {type: MemoryDataset}\n", "conf/local/": ""})
	big := filepath.Join(dir, "conf/base/catalog_big.yml")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(maxFileSize + 1); err != nil { // sparse: no disk cost
		t.Fatal(err)
	}
	f.Close()
	var diags diag.List
	p, err := Load(LoadOptions{Root: dir, Getenv: noEnv}, &diags)
	if err != nil {
		t.Fatal(err)
	}
	wantFindings(t, diags.Items(), "conf/base/catalog_big.yml: conf/base/catalog_big.yml is larger than 64 MiB; kfc does not read configuration files that big [config.UnreadableFile]")
	if compact(p.Get("catalog")) != `{"a":{"type":"MemoryDataset"}}` {
		t.Errorf("catalog: %s", compact(p.Get("catalog")))
	}
}

func TestUnreadablePermission(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads files whatever their mode")
	}
	dir := writeProject(t, map[string]string{"conf/base/catalog.yml": "a: 1\n", "conf/local/": ""})
	if err := os.Chmod(filepath.Join(dir, "conf/base/catalog.yml"), 0); err != nil {
		t.Fatal(err)
	}
	var diags diag.List
	if _, err := Load(LoadOptions{Root: dir, Getenv: noEnv}, &diags); err != nil {
		t.Fatal(err)
	}
	wantFindings(t, diags.Items(), "conf/base/catalog.yml: cannot read conf/base/catalog.yml: permission denied [config.UnreadableFile]")
}

func TestNotMappingAndEmptyFiles(t *testing.T) {
	p, ds := load(t, map[string]string{
		"conf/base/catalog.yml":       "- a\n- b\n",
		"conf/base/catalog_empty.yml": "# nothing yet\n",
		"conf/base/parameters.yml":    "42\n",
		"conf/base/credentials.yml":   "",
		"conf/local/":                 "",
	}, LoadOptions{})
	wantFindings(t, ds,
		"conf/base/catalog.yml:1:1: the top level of a catalog file must be a mapping of keys to values, not a list [config.NotMapping]",
		"conf/base/parameters.yml:1:1: the top level of a parameters file must be a mapping of keys to values, not a single int value [config.NotMapping]")
	if compact(p.Get("catalog")) != `{}` || compact(p.Get("credentials")) != `{}` {
		t.Errorf("empty files contribute nothing: catalog %s credentials %s", compact(p.Get("catalog")), compact(p.Get("credentials")))
	}
	if p.Get("parameters") != nil {
		t.Errorf("parameters: %s", compact(p.Get("parameters")))
	}
}

func TestPositionsSurviveMerge(t *testing.T) {
	p, ds := load(t, map[string]string{
		"conf/base/catalog.yml":        "a:\n  type: pandas.CSVDataset\n  filepath: a.csv\nb:\n  type: MemoryDataset\n",
		"conf/local/catalog.yml":       "\nb:\n  type: pickle.PickleDataset\n  filepath: b.pkl\n",
		"conf/base/parameters.yml":     "model:\n  alpha: 1\n  beta: 2\n",
		"conf/base/parameters_two.yml": "model:\n  gamma: 3\n",
	}, LoadOptions{Params: "model.alpha=5"})
	wantNoFindings(t, ds)
	cat := p.Get("catalog")
	if got := cat.Lookup("a", "filepath").Pos().String(); got != "conf/base/catalog.yml:3:13" {
		t.Errorf("a.filepath at %s", got)
	}
	if got := cat.Pair("b").KeyPos().String(); got != "conf/local/catalog.yml:2:1" {
		t.Errorf("replaced key b at %s", got)
	}
	if got := cat.Lookup("b", "type").Pos().String(); got != "conf/local/catalog.yml:3:9" {
		t.Errorf("b.type at %s", got)
	}
	params := p.Get("parameters")
	for path, want := range map[string]string{
		"alpha": "--params:1:13", "beta": "conf/base/parameters.yml:3:9", "gamma": "conf/base/parameters_two.yml:2:10",
	} {
		if got := params.Lookup("model", path).Pos().String(); got != want {
			t.Errorf("model.%s at %s, want %s", path, got, want)
		}
	}
}

// TestMergeLeavesFilesUntouched guards the copy-on-write merges: parsed
// files are shared by every merge and must read as they were written.
func TestMergeLeavesFilesUntouched(t *testing.T) {
	p, _ := load(t, map[string]string{
		"conf/base/parameters_a.yml": "m:\n  a: 1\n  n: {x: 1}\n",
		"conf/base/parameters_b.yml": "m:\n  b: 2\n  n: {y: 2}\n",
		"conf/local/parameters.yml":  "m:\n  n: {z: 3}\n",
		"pyproject.toml":             "[tool.kfc]\nmerge_strategy = {parameters = \"soft\"}\n",
	}, LoadOptions{Params: "m.n.w=4"})
	if got := compact(p.Get("parameters")); got != `{"m":{"a":1,"n":{"x":1,"y":2,"w":4,"z":3},"b":2}}` {
		t.Errorf("parameters: %s", got)
	}
	for _, f := range p.Files {
		var diags diag.List
		if got, want := compact(f.Root), compact(tree.Parse(f.Path, f.Src, &diags)); got != want {
			t.Errorf("%s changed by merging: %s, was %s", f.Path, got, want)
		}
	}
}

func TestSymlinkedFoldersAreFollowedOnce(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"conf/base/catalog.yml":     "a: {type: MemoryDataset}\n",
		"shared/catalog_shared.yml": "s: {type: MemoryDataset}\n",
		"conf/local/":               "",
	})
	for link, target := range map[string]string{
		"conf/base/loop":   filepath.Join(dir, "conf/base"), // a cycle
		"conf/base/shared": filepath.Join(dir, "shared"),
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Skipf("cannot symlink: %v", err)
		}
	}
	var diags diag.List
	p, err := Load(LoadOptions{Root: dir, Getenv: noEnv}, &diags)
	if err != nil {
		t.Fatal(err)
	}
	wantNoFindings(t, diags.Items())
	if got := compact(p.Get("catalog")); got != `{"a":{"type":"MemoryDataset"},"s":{"type":"MemoryDataset"}}` {
		t.Errorf("catalog: %s", got)
	}
}

// Keys reads only those configuration keys, with the globals they use;
// the others are neither read nor reported on.
func TestLoadOnlyKeys(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"conf/base/globals.yml":      "bucket: b1\n",
		"conf/base/catalog.yml":      "a: {type: MemoryDataset\n", // broken: not read
		"conf/base/mlflow.yml":       "server:\n  mlflow_tracking_uri: s3://${globals:bucket}/mlruns\n",
		"conf/local/credentials.yml": "db: {password: pw}\n",
	})
	var diags diag.List
	p, err := Load(LoadOptions{Root: dir, Getenv: noEnv, Keys: []string{"mlflow", "credentials"}}, &diags)
	if err != nil {
		t.Fatal(err)
	}
	if items := diags.Items(); len(items) > 0 {
		t.Errorf("findings for keys not asked for: %v", items)
	}
	if p.Get("catalog") != nil {
		t.Errorf("catalog was read")
	}
	if n := p.Get("mlflow"); n == nil || n.Get("server").Get("mlflow_tracking_uri").Str() != "s3://b1/mlruns" {
		t.Errorf("mlflow = %v, want its tracking uri with the global interpolated", n)
	}
	if n := p.Get("credentials"); n == nil || n.Get("db").Get("password").Str() != "pw" {
		t.Errorf("credentials = %v", n)
	}
	// Without Keys the broken catalog is a finding.
	var all diag.List
	if _, err := Load(LoadOptions{Root: dir, Getenv: noEnv}, &all); err != nil {
		t.Fatal(err)
	}
	if len(all.Items()) == 0 {
		t.Errorf("the broken catalog gave no finding when every key is read")
	}
}
