package config

import (
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/interp"
)

// Kedro's loader semantics, one behaviour a case; each expectation was
// checked against kedro/config/omegaconf_config.py (and OmegaConf 2.2).

func TestDuplicateKeysWithinEnv(t *testing.T) {
	t.Run("top-level key in two catalog files", func(t *testing.T) {
		_, ds := load(t, map[string]string{
			"conf/base/catalog_a.yml": "companies:\n  type: MemoryDataset\n",
			"conf/base/catalog_b.yml": "x: {type: MemoryDataset}\ncompanies:\n  type: MemoryDataset\n",
			"conf/local/":             "",
		}, LoadOptions{})
		wantFindings(t, ds,
			"conf/base/catalog_b.yml:2:1: Duplicate keys found in conf/base/catalog_a.yml and conf/base/catalog_b.yml: companies [config.DuplicateKey]",
			"    note: conf/base/catalog_a.yml:1:1: companies is first defined here")
	})
	t.Run("same key in base and local is an override, not a duplicate", func(t *testing.T) {
		_, ds := load(t, map[string]string{
			"conf/base/catalog.yml":  "companies: {type: MemoryDataset}\n",
			"conf/local/catalog.yml": "companies: {type: MemoryDataset}\n",
		}, LoadOptions{})
		wantNoFindings(t, ds)
	})
	t.Run("credentials and custom keys check top-level keys too", func(t *testing.T) {
		_, ds := load(t, map[string]string{
			"conf/local/credentials.yml":      "db: {con: x}\n",
			"conf/local/credentials/more.yml": "db: {con: y}\n",
			"conf/base/":                      "",
		}, LoadOptions{})
		if got := strings.Join(rulesOf(ds), ","); got != string(CodeDuplicateKey) {
			t.Errorf("rules %s\n%s", got, findings(ds))
		}
	})
	t.Run("parameters compare leaf paths", func(t *testing.T) {
		p, ds := load(t, map[string]string{
			"conf/base/parameters_a.yml": "model:\n  alpha: 1\n  nested: {x: 1}\n",
			"conf/base/parameters_b.yml": "model:\n  beta: 2\n  nested: {y: 2}\n",
			"conf/local/":                "",
		}, LoadOptions{})
		wantNoFindings(t, ds)
		if got := compact(p.Get("parameters")); got != `{"model":{"alpha":1,"nested":{"x":1,"y":2},"beta":2}}` {
			t.Errorf("files of one env deep-merge: %s", got)
		}
	})
	t.Run("parameters: the same leaf path in two files", func(t *testing.T) {
		_, ds := load(t, map[string]string{
			"conf/base/parameters_a.yml": "model:\n  alpha: 1\n",
			"conf/base/parameters_b.yml": "model: {alpha: 2}\n",
			"conf/local/":                "",
		}, LoadOptions{})
		wantFindings(t, ds,
			"conf/base/parameters_b.yml:1:9: Duplicate keys found in conf/base/parameters_a.yml and conf/base/parameters_b.yml: model.alpha [config.DuplicateKey]",
			"    note: conf/base/parameters_a.yml:2:3: model.alpha is first defined here")
	})
	t.Run("parameters: a value in one file, a mapping in another", func(t *testing.T) {
		_, ds := load(t, map[string]string{
			"conf/base/parameters_a.yml": "model: linear\n",
			"conf/base/parameters_b.yml": "model:\n  kind: forest\n",
			"conf/local/":                "",
		}, LoadOptions{})
		wantFindings(t, ds,
			"conf/base/parameters_b.yml:1:1: parameter model is a value in conf/base/parameters_a.yml and a mapping in conf/base/parameters_b.yml: Kedro does not flag this, but which one wins depends on the order it merges the files in, which Python's hash seed decides [config.ParamShapeClash]",
			"    note: conf/base/parameters_a.yml:1:1: model is first defined here")
	})
}

func TestTemplateKeys(t *testing.T) {
	t.Run("a _ key in one file is shared by the env and dropped from the catalog", func(t *testing.T) {
		requireInterp(t)
		p, ds := load(t, map[string]string{
			"conf/base/catalog_globals.yml": "_base: data\n",
			"conf/base/catalog.yml":         "a:\n  type: pandas.CSVDataset\n  filepath: ${_base}/a.csv\n",
			"conf/base/parameters.yml":      "_shared: 3\nk: ${_shared}\n",
			"conf/local/":                   "",
		}, LoadOptions{})
		wantNoFindings(t, ds)
		if got := compact(p.Get("catalog")); got != `{"a":{"type":"pandas.CSVDataset","filepath":"data/a.csv"}}` {
			t.Errorf("catalog: %s", got)
		}
		if got := compact(p.Get("parameters")); got != `{"_shared":3,"k":3}` {
			t.Errorf("parameters keep their _ keys: %s", got)
		}
	})
	t.Run("a _ key in two files of one env is ambiguous (verified fact 3)", func(t *testing.T) {
		_, ds := load(t, map[string]string{
			"conf/base/catalog_a.yml": "_base: data\na: {type: MemoryDataset}\n",
			"conf/base/catalog_b.yml": "_base: other\nb: {type: MemoryDataset}\n",
			"conf/local/":             "",
		}, LoadOptions{})
		wantFindings(t, ds,
			"conf/base/catalog_b.yml:1:1: template key _base is defined in both conf/base/catalog_a.yml and conf/base/catalog_b.yml: Kedro merges the files of one environment in an order set by Python's hash seed, so which value catalog entries get is not deterministic [config.AmbiguousTemplate]",
			"    note: conf/base/catalog_a.yml:1:1: _base is first defined here")
	})
	t.Run("a _ key in base and in the run env is fine", func(t *testing.T) {
		_, ds := load(t, map[string]string{
			"conf/base/catalog.yml":  "_base: data\n",
			"conf/local/catalog.yml": "_base: other\n",
		}, LoadOptions{})
		wantNoFindings(t, ds)
	})
}

func TestEnvMerge(t *testing.T) {
	files := map[string]string{
		"conf/base/parameters.yml":  "split:\n  test_size: 0.2\n  random_state: 3\nfirst: 1\nlast: 9\n",
		"conf/local/parameters.yml": "new: 0\nsplit:\n  test_size: 0.4\n",
	}
	t.Run("destructive by default (golden surprise 2)", func(t *testing.T) {
		p, ds := load(t, files, LoadOptions{})
		wantNoFindings(t, ds)
		// dict.update: split replaced in place (random_state gone), new appended
		if got := compact(p.Get("parameters")); got != `{"split":{"test_size":0.4},"first":1,"last":9,"new":0}` {
			t.Errorf("parameters: %s", got)
		}
		if got := compact(p.PerEnv["parameters"]["base"]); got != `{"split":{"test_size":0.2,"random_state":3},"first":1,"last":9}` {
			t.Errorf("PerEnv base: %s", got)
		}
	})
	t.Run("soft deep-merges", func(t *testing.T) {
		f := clone(files)
		f["pyproject.toml"] = "[tool.kfc]\nmerge_strategy = {parameters = \"soft\"}\n"
		p, ds := load(t, f, LoadOptions{})
		wantNoFindings(t, ds)
		if got := compact(p.Get("parameters")); got != `{"split":{"test_size":0.4,"random_state":3},"first":1,"last":9,"new":0}` {
			t.Errorf("parameters: %s", got)
		}
	})
	t.Run("run env files only", func(t *testing.T) {
		p, ds := load(t, map[string]string{"conf/base/": "", "conf/local/catalog.yml": "a: {type: MemoryDataset}\n"}, LoadOptions{})
		wantNoFindings(t, ds)
		if got := compact(p.Get("catalog")); got != `{"a":{"type":"MemoryDataset"}}` {
			t.Errorf("catalog: %s", got)
		}
		if p.Get("parameters") != nil || p.PerEnv["catalog"]["base"] != nil {
			t.Errorf("nothing matched in base")
		}
	})
}

func TestNoCrossEnvInterpolation(t *testing.T) {
	requireInterp(t)
	// Golden surprise 1 (kedro-viz demo project, --env prod): the run env
	// redefines only the template; base entries were resolved with base's.
	p, ds := load(t, map[string]string{
		"conf/base/catalog_globals.yml": "_base_location: data/\n",
		"conf/base/catalog.yml":         "companies:\n  type: pandas.CSVDataset\n  filepath: ${_base_location}/01_raw/companies.csv\n",
		"conf/prod/catalog_globals.yml": "_base_location: s3://my_bucket/production/\n",
	}, LoadOptions{Env: "prod"})
	wantNoFindings(t, ds)
	// Golden surprise 3: "data/" + "/01_raw" keeps both slashes.
	if got := p.Get("catalog").Lookup("companies", "filepath").Text; got != "data//01_raw/companies.csv" {
		t.Errorf("filepath %q", got)
	}
	t.Run("a run-env reference to a base key does not resolve", func(t *testing.T) {
		_, ds := load(t, map[string]string{
			"conf/base/catalog.yml":  "_root: data\n",
			"conf/local/catalog.yml": "a:\n  type: pandas.CSVDataset\n  filepath: ${_root}/a.csv\n",
		}, LoadOptions{})
		if len(ds) != 1 || !strings.HasPrefix(ds[0].Pos.String(), "conf/local/catalog.yml:3:") {
			t.Errorf("want one interpolation finding in conf/local:\n%s", findings(ds))
		}
	})
}

func TestGlobals(t *testing.T) {
	requireInterp(t)
	files := map[string]string{
		"conf/base/globals.yml":    "bucket: base-bucket\nfolders: {raw: 01_raw}\n_private: x\n",
		"conf/local/globals.yml":   "bucket: local-bucket\n",
		"conf/base/catalog.yml":    "a:\n  type: pandas.CSVDataset\n  filepath: s3://${globals:bucket}/${globals:folders.raw}/a.csv\n",
		"conf/base/parameters.yml": "p: ${globals:missing, fallback}\n",
	}
	p, ds := load(t, files, LoadOptions{})
	wantNoFindings(t, ds)
	// globals merge base then env (destructive by default) before the others read them
	if got := p.Get("catalog").Lookup("a", "filepath").Text; got != "s3://local-bucket/01_raw/a.csv" {
		t.Errorf("filepath %q", got)
	}
	if got := compact(p.Get("globals")); got != `{"bucket":"local-bucket","folders":{"raw":"01_raw"}}` {
		t.Errorf("globals drop _ keys and merge destructively: %s", got)
	}
	if got := compact(p.Get("parameters")); got != `{"p":"fallback"}` {
		t.Errorf("parameters: %s", got)
	}
	t.Run("only globals.yml at an env's top level is a globals file", func(t *testing.T) {
		f := clone(files)
		f["conf/base/globals_extra.yml"] = "bucket: never\n"
		f["conf/base/sub/globals.yml"] = "bucket: never\n"
		p, _ := load(t, f, LoadOptions{})
		if got := p.Get("globals").Get("bucket").Text; got != "local-bucket" {
			t.Errorf("bucket %q", got)
		}
	})
}

func TestOcEnv(t *testing.T) {
	requireInterp(t)
	files := map[string]string{
		"conf/local/credentials.yml": "db:\n  password: ${oc.env:DB_PASSWORD}\n  user: ${oc.env:DB_USER,admin}\n",
		"conf/base/catalog.yml":      "a:\n  type: pandas.CSVDataset\n  filepath: ${oc.env:DATA}/a.csv\n",
	}
	getenv := envOf(map[string]string{"DB_PASSWORD": "s3cret", "DATA": "/data"})
	p, ds := load(t, files, LoadOptions{Getenv: getenv})
	if got := compact(p.Get("credentials")); got != `{"db":{"password":"s3cret","user":"admin"}}` {
		t.Errorf("credentials read the environment: %s", got)
	}
	if len(ds) != 1 || ds[0].Pos.File != "conf/base/catalog.yml" {
		t.Errorf("oc.env in the catalog must be refused:\n%s", findings(ds))
	}
	t.Run("a custom oc.env resolver allows it everywhere", func(t *testing.T) {
		f := clone(files)
		f["pyproject.toml"] = "[tool.kfc]\ncustom_resolvers = [\"oc.env\"]\n"
		p, ds := load(t, f, LoadOptions{Getenv: getenv})
		for _, d := range ds {
			if d.Code != interp.CodeCustomResolver {
				t.Errorf("unexpected finding: %s", d)
			}
		}
		_ = p
	})
}

func TestRuntimeParams(t *testing.T) {
	cases := []struct {
		params string
		want   string
	}{
		{"a.b=1,c=x", `{"a":{"b":1},"c":"x"}`},
		{" a = 1 , , b=yes,c=,d=~,e=[1],f=1e3,g={x: 1},h=0o17,i=1_000,j=a=b,k=2024-01-01", `{"a":1,"b":true,"c":null,"d":null,"e":[1],"f":1000.0,"g":{"x":1},"h":"0o17","i":1000,"j":"a=b","k":"2024-01-01"}`},
		{"a=1,a.b.c=2", `{"a":{"b":{"c":2}}}`},
		{"a.b=1,a=2", `{"a":2}`},
		{"a.b=1,a.c=2", `{"a":{"b":1,"c":2}}`},
		{"a[0]=1", `{"a":{"0":1}}`},
		{"a..b=1", `{"a":{"":{"b":1}}}`},
		{"x=${y}", `{"x":"${y}"}`},
		{"e=[1, 2]", "error"}, // Kedro splits on every comma first: `2]` has no `=`
		{"", `<nil>`},
		{" , ", `<nil>`},
	}
	for _, c := range cases {
		p, ds := load(t, map[string]string{"conf/base/": "", "conf/local/": ""}, LoadOptions{Params: c.params})
		if c.want == "error" {
			if len(ds) == 0 {
				t.Errorf("--params %q: want a finding", c.params)
			}
			continue
		}
		wantNoFindings(t, ds)
		if got := compact(p.RuntimeParams); got != c.want {
			t.Errorf("--params %q: %s, want %s", c.params, got, c.want)
		}
	}
	t.Run("errors", func(t *testing.T) {
		_, ds := load(t, map[string]string{"conf/base/": "", "conf/local/": ""}, LoadOptions{Params: "ok=1, novalue,=3, a=[1,"})
		wantFindings(t, ds,
			"--params:1:7: Invalid format of `params` option: Item `novalue` must contain a key and a value separated by `=`. [config.InvalidParams]",
			"--params:1:15: Invalid format of `params` option: Parameter key cannot be an empty string. [config.InvalidParams]",
			"--params:1:21: cannot read the value \"[1\" of `params` as YAML: did not find expected ',' or ']' [config.InvalidParams]")
	})
}

func TestRuntimeParamsMerge(t *testing.T) {
	base := map[string]string{"conf/base/parameters.yml": "model:\n  alpha: 1\n  beta: 2\nother: 0\n"}
	t.Run("no parameters file in the run env: siblings survive (verified fact 1)", func(t *testing.T) {
		f := clone(base)
		f["conf/local/catalog.yml"] = "x: {type: MemoryDataset}\n"
		p, ds := load(t, f, LoadOptions{Params: "model.alpha=5"})
		wantNoFindings(t, ds)
		if got := compact(p.Get("parameters")); got != `{"model":{"alpha":5,"beta":2},"other":0}` {
			t.Errorf("parameters: %s", got)
		}
	})
	t.Run("an empty parameters file in the run env wipes the siblings (verified fact 1)", func(t *testing.T) {
		f := clone(base)
		f["conf/local/parameters.yml"] = ""
		p, ds := load(t, f, LoadOptions{Params: "model.alpha=5"})
		wantNoFindings(t, ds)
		if got := compact(p.Get("parameters")); got != `{"model":{"alpha":5},"other":0}` {
			t.Errorf("parameters: %s", got)
		}
	})
	t.Run("soft merge keeps the siblings", func(t *testing.T) {
		f := clone(base)
		f["conf/local/parameters.yml"] = ""
		f["pyproject.toml"] = "[tool.kfc]\nmerge_strategy = {parameters = \"soft\"}\n"
		p, _ := load(t, f, LoadOptions{Params: "model.alpha=5"})
		if got := compact(p.Get("parameters")); got != `{"model":{"alpha":5,"beta":2},"other":0}` {
			t.Errorf("parameters: %s", got)
		}
	})
	t.Run("runtime params are visible to interpolation", func(t *testing.T) {
		requireInterp(t)
		p, _ := load(t, map[string]string{
			"conf/base/parameters.yml": "lr: 0.1\ncopy: ${lr}\nrp: ${runtime_params:seed, 7}\n",
			"conf/base/catalog.yml":    "a:\n  type: pandas.CSVDataset\n  filepath: ${runtime_params:root}/a.csv\n",
			"conf/local/":              "",
		}, LoadOptions{Params: "lr=0.5,seed=42,root=/tmp"})
		if got := compact(p.Get("parameters")); got != `{"lr":0.5,"copy":0.5,"rp":42,"seed":42,"root":"/tmp"}` {
			t.Errorf("parameters: %s", got)
		}
		if got := p.Get("catalog").Lookup("a", "filepath").Text; got != "/tmp/a.csv" {
			t.Errorf("filepath %q", got)
		}
	})
	t.Run("no parameters files at all: the runtime params alone", func(t *testing.T) {
		p, _ := load(t, map[string]string{"conf/base/": "", "conf/local/": ""}, LoadOptions{Params: "a=1"})
		if got := compact(p.Get("parameters")); got != `{"a":1}` || len(p.PerEnv["parameters"]) != 0 {
			t.Errorf("parameters: %s", got)
		}
	})
}

func TestMergedKeyOrder(t *testing.T) {
	// `kfc config catalog` prints this order: file order within an env
	// (files sorted by path), then dict.update across envs.
	p, _ := load(t, map[string]string{
		"conf/base/catalog_b.yml":  "b1: {type: MemoryDataset}\nb2: {type: MemoryDataset}\n",
		"conf/base/catalog_a.yml":  "a2: {type: MemoryDataset}\na1: {type: MemoryDataset}\n",
		"conf/local/catalog.yml":   "z: {type: MemoryDataset}\nb1: {type: pickle.PickleDataset, filepath: x}\n",
		"conf/base/parameters.yml": "",
	}, LoadOptions{})
	var keys []string
	for _, pr := range p.Get("catalog").Pairs {
		keys = append(keys, pr.Key)
	}
	if got := strings.Join(keys, " "); got != "a2 a1 b1 b2 z" {
		t.Errorf("order %s", got)
	}
}
