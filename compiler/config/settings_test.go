package config

import (
	"reflect"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
)

func loadSettingsOf(t *testing.T, files map[string]string) (Settings, []diag.Diagnostic) {
	t.Helper()
	dir := writeProject(t, files)
	var diags diag.List
	s, _ := loadSettings(dir, &diags)
	return s, diags.Items()
}

func TestDefaultSettings(t *testing.T) {
	s, ds := loadSettingsOf(t, map[string]string{})
	wantNoFindings(t, ds)
	if s.ConfSource != "conf" || s.BaseEnv != "base" || s.DefaultRunEnv != "local" || len(s.MergeStrategy) != 0 {
		t.Errorf("defaults: %+v", s)
	}
	want := map[string][]string{
		"catalog":     {"catalog*", "catalog*/**", "**/catalog*"},
		"parameters":  {"parameters*", "parameters*/**", "**/parameters*"},
		"credentials": {"credentials*", "credentials*/**", "**/credentials*"},
		"globals":     {"globals.yml"},
		"mlflow":      {"mlflow*", "mlflow*/**", "**/mlflow*"},
		"pipelines":   {"pipelines*", "pipelines*/**", "**/pipelines*"},
	}
	if !reflect.DeepEqual(s.Patterns, want) {
		t.Errorf("patterns: %v", s.Patterns)
	}
	if !s.Source.IsZero() {
		t.Errorf("defaults have no source: %v", s.Source)
	}
}

// A settings.py written the way real projects (everycure matrix) write it:
// imports, function-valued resolvers, nested literal dicts.
const matrixLikeSettings = `"""Project settings."""
from kedro.config import OmegaConfigLoader  # noqa: E402
from .resolvers import cast_to_int, env, merge_dicts

HOOKS = (Hooks(), MlflowHook())
SESSION_STORE_ARGS = {"path": str(Path(__file__).parents[2])}

CONFIG_LOADER_CLASS = OmegaConfigLoader
CONFIG_LOADER_ARGS = {
    "base_env": "base",
    "default_run_env": "local",
    "merge_strategy": {"parameters": "soft", "mlflow": "SOFT", "globals": "soft"},
    "config_patterns": {
        "spark": ["spark*", "spark*/**"],
        'mlflow': ['mlflow*', 'mlflow*/**'],
        "globals": ["globals*", "globals*/**", "**/globals*"],
        "parameters": [
            "parameters*",
            "parameters*/**",
            "**/parameters*",
            "**/parameters*/**",  # modelling/parameters/x.yml
        ],
    },
    "custom_resolvers": {
        "merge": merge_dicts,
        "oc.env": env,
        "oc.int": cast_to_int,
        "add": lambda *xs: sum(xs),
        "pick": lambda a, b: a if a else b,
    },
}

DYNAMIC_PIPELINES_MAPPING = {"modelling": [{"model_name": "xg", "num_shards": 3}]}
`

func TestSettingsPyMatrixLike(t *testing.T) {
	s, ds := loadSettingsOf(t, map[string]string{
		"pyproject.toml":         "[tool.kedro]\npackage_name = \"matrix\"\nproject_name = \"matrix\"\n",
		"src/matrix/settings.py": matrixLikeSettings,
	})
	wantNoFindings(t, ds)
	if s.PackageName != "matrix" || s.BaseEnv != "base" || s.DefaultRunEnv != "local" {
		t.Errorf("settings: %+v", s)
	}
	if !reflect.DeepEqual(s.MergeStrategy, map[string]string{"parameters": "soft", "mlflow": "soft", "globals": "soft"}) {
		t.Errorf("merge strategy: %v", s.MergeStrategy)
	}
	if !reflect.DeepEqual(s.Patterns["parameters"], []string{"parameters*", "parameters*/**", "**/parameters*", "**/parameters*/**"}) ||
		!reflect.DeepEqual(s.Patterns["spark"], []string{"spark*", "spark*/**"}) ||
		!reflect.DeepEqual(s.Patterns["mlflow"], []string{"mlflow*", "mlflow*/**"}) ||
		!reflect.DeepEqual(s.Patterns["catalog"], []string{"catalog*", "catalog*/**", "**/catalog*"}) {
		t.Errorf("config_patterns merge over the defaults key by key: %v", s.Patterns)
	}
	// "pick" is a lambda with two arguments: its comma must not lose the key.
	if want := []string{"merge", "oc.env", "oc.int", "add", "pick"}; !reflect.DeepEqual(s.CustomResolvers, want) {
		t.Errorf("custom resolvers %v, want %v", s.CustomResolvers, want)
	}
	if s.Source != (diag.Pos{File: "src/matrix/settings.py", Line: 9, Col: 22}) {
		t.Errorf("source %v", s.Source)
	}
}

func TestSettingsPyFindings(t *testing.T) {
	cases := []struct {
		name     string
		settings string
		want     []string
	}{
		{
			name:     "no base_env or default_run_env: Kedro applies no default",
			settings: "CONFIG_LOADER_ARGS = {\"config_patterns\": {\"spark\": [\"spark*\"]}}\n",
			want: []string{
				`src/pkg/settings.py:1:22: CONFIG_LOADER_ARGS has no "base_env": Kedro then applies no default and reads the whole conf folder as the base environment; add "base_env": "base" [config.UnclearSettings]`,
				`src/pkg/settings.py:1:22: CONFIG_LOADER_ARGS has no "default_run_env": without --env Kedro then reads the whole conf folder as the run environment; add "default_run_env": "local" [config.UnclearSettings]`,
			},
		},
		{
			name:     "unknown merge strategy",
			settings: "CONFIG_LOADER_ARGS = {\"base_env\": \"base\", \"default_run_env\": \"local\",\n    \"merge_strategy\": {\"catalog\": \"deep\"}}\n",
			want:     []string{`src/pkg/settings.py:2:35: Merging strategy deep not supported. The accepted merging strategies are ['destructive', 'soft']. [config.InvalidSettings]`},
		},
		{
			name:     "unknown loader argument",
			settings: "CONFIG_LOADER_ARGS = dict(base_env=\"base\", default_run_env=\"local\", globals_pattern=\"*globals.yml\", env=\"x\")\n",
			want: []string{
				`src/pkg/settings.py:1:69: OmegaConfigLoader() got an unexpected keyword argument 'globals_pattern' [config.InvalidSettings]`,
				`src/pkg/settings.py:1:101: OmegaConfigLoader() got multiple values for keyword argument 'env': the session passes it; remove it from CONFIG_LOADER_ARGS [config.InvalidSettings]`,
			},
		},
		{
			name:     "typo in a loader argument",
			settings: "CONFIG_LOADER_ARGS = {'base_env': 'base', 'default_run_env': 'local', 'merge_stratgy': {}}\n",
			want:     []string{`src/pkg/settings.py:1:71: OmegaConfigLoader() got an unexpected keyword argument 'merge_stratgy' (did you mean 'merge_strategy'?) [config.InvalidSettings]`},
		},
		{
			name:     "custom loader class: unknown arguments are its business",
			settings: "CONFIG_LOADER_CLASS = MyLoader\nCONFIG_LOADER_ARGS = {'base_env': 'base', 'default_run_env': 'local', 'extra': 1}\n",
		},
		{
			name:     "wrong types",
			settings: "CONF_SOURCE = 5\nCONFIG_LOADER_ARGS = {'base_env': 1, 'default_run_env': 'local',\n  'config_patterns': {'catalog': 'catalog*'}, 'custom_resolvers': ['x']}\n",
			want: []string{
				`src/pkg/settings.py:1:15: CONF_SOURCE must be a string, not a number [config.InvalidSettings]`,
				`src/pkg/settings.py:2:35: CONFIG_LOADER_ARGS["base_env"] must be a string, not a number [config.InvalidSettings]`,
				`src/pkg/settings.py:3:34: CONFIG_LOADER_ARGS["config_patterns"]["catalog"] must be a list of glob patterns, not a string [config.InvalidSettings]`,
				`src/pkg/settings.py:3:67: CONFIG_LOADER_ARGS["custom_resolvers"] must be a dict of resolver names to functions, not a list [config.InvalidSettings]`,
			},
		},
		{
			name:     "computed values are skipped silently",
			settings: "import os\nCONF_SOURCE = os.environ.get('CONF', 'conf')\nCONFIG_LOADER_ARGS = {**BASE, 'merge_strategy': STRATEGY}\n",
		},
		{
			name:     "not a dict",
			settings: "CONFIG_LOADER_ARGS = ['base']\n",
			want:     []string{`src/pkg/settings.py:1:22: CONFIG_LOADER_ARGS must be a dict, not a list [config.InvalidSettings]`},
		},
		{
			name:     "indented and commented assignments do not count",
			settings: "if DEBUG:\n    CONFIG_LOADER_ARGS = 5\n# CONFIG_LOADER_ARGS = 6\ns = '''\nCONFIG_LOADER_ARGS = 7\n'''\n",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, ds := loadSettingsOf(t, map[string]string{"src/pkg/settings.py": c.settings})
			wantFindings(t, ds, c.want...)
		})
	}
}

func TestSettingsPyValues(t *testing.T) {
	s, ds := loadSettingsOf(t, map[string]string{"src/pkg/settings.py": `
CONF_SOURCE = "settings" \
    "/conf"
CONFIG_LOADER_ARGS: dict = {
    "base_env": "common",
    "default_run_env": None,
    "ignore_hidden": False,
}
CONFIG_LOADER_ARGS["merge_strategy"] = {"parameters": "soft"}
`})
	wantNoFindings(t, ds)
	if s.ConfSource != "settings/conf" || s.BaseEnv != "common" || s.DefaultRunEnv != "" || !s.LoadHidden ||
		s.MergeStrategy["parameters"] != "soft" || s.PackageName != "pkg" {
		t.Errorf("settings: %+v", s)
	}
}

func TestSettingsPackageDiscovery(t *testing.T) {
	t.Run("several candidates", func(t *testing.T) {
		s, ds := loadSettingsOf(t, map[string]string{
			"src/a/settings.py": "CONF_SOURCE = 'x'\n",
			"src/b/settings.py": "CONF_SOURCE = 'y'\n",
		})
		wantFindings(t, ds, "src/a/settings.py: several packages have a settings.py (src/a/settings.py, src/b/settings.py) and [tool.kedro] package_name does not say which is the project's; kfc uses Kedro's default settings [config.UnclearSettings]")
		if s.ConfSource != "conf" {
			t.Errorf("conf source %q", s.ConfSource)
		}
	})
	t.Run("package_name and source_dir", func(t *testing.T) {
		s, ds := loadSettingsOf(t, map[string]string{
			"pyproject.toml":               "[tool.kedro]\npackage_name = \"b\"\nsource_dir = \"python\"\n",
			"python/a/settings.py":         "CONF_SOURCE = 'x'\n",
			"python/b/settings.py":         "CONF_SOURCE = 'y'\n",
			"src/not_this_one/settings.py": "CONF_SOURCE = 'z'\n",
		})
		wantNoFindings(t, ds)
		if s.ConfSource != "y" || s.PackageName != "b" {
			t.Errorf("settings: %+v", s)
		}
	})
}

func TestToolKfcSettings(t *testing.T) {
	s, ds := loadSettingsOf(t, map[string]string{
		"src/pkg/settings.py": "CONFIG_LOADER_ARGS = {'base_env': 'base', 'default_run_env': 'local', 'merge_strategy': {'catalog': 'soft'}}\n",
		"pyproject.toml": `[tool.kedro]
package_name = "pkg"

[tool.kfc]
conf_source = "configuration"
base_env = "common"
default_run_env = "dev"
custom_resolvers = ["oc.env", "merge"]
merge_strategy = { parameters = "Soft" }

[tool.kfc.config_patterns]
spark = ["spark*"]
catalog = ["catalog*", "**/catalog*"]

[tool.kfc.rules]
unused-dataset = "off"
`,
	})
	wantNoFindings(t, ds)
	if s.ConfSource != "configuration" || s.BaseEnv != "common" || s.DefaultRunEnv != "dev" {
		t.Errorf("settings: %+v", s)
	}
	if !reflect.DeepEqual(s.MergeStrategy, map[string]string{"catalog": "soft", "parameters": "soft"}) {
		t.Errorf("merge strategy: %v", s.MergeStrategy)
	}
	if !reflect.DeepEqual(s.Patterns["catalog"], []string{"catalog*", "**/catalog*"}) || !reflect.DeepEqual(s.Patterns["spark"], []string{"spark*"}) ||
		len(s.Patterns["parameters"]) != 3 {
		t.Errorf("patterns: %v", s.Patterns)
	}
	if !reflect.DeepEqual(s.CustomResolvers, []string{"oc.env", "merge"}) {
		t.Errorf("resolvers: %v", s.CustomResolvers)
	}
}

func TestToolKfcFindings(t *testing.T) {
	_, ds := loadSettingsOf(t, map[string]string{"pyproject.toml": `[tool.kfc]
base_env = 3
merge_strategy = { catalog = "deep", parameters = 1 }
custom_resolvers = "oc.env"

[tool.kfc.config_patterns]
catalog = "catalog*"
`})
	wantFindings(t, ds,
		`pyproject.toml:2:1: [tool.kfc] base_env must be a string, not a number [config.InvalidSettings]`,
		`pyproject.toml:3:20: Merging strategy deep not supported. The accepted merging strategies are ['destructive', 'soft']. [config.InvalidSettings]`,
		`pyproject.toml:3:38: [tool.kfc] merge_strategy.parameters must be a string, not a number [config.InvalidSettings]`,
		`pyproject.toml:4:1: [tool.kfc] custom_resolvers must be a list of resolver names, not a string [config.InvalidSettings]`,
		`pyproject.toml:7:1: [tool.kfc] config_patterns.catalog must be a list of glob strings, not a string [config.InvalidSettings]`,
	)
	_, ds = loadSettingsOf(t, map[string]string{"pyproject.toml": "[tool.kfc\nbase_env = 1\n"})
	if len(ds) != 1 || ds[0].Code != CodeInvalidSettings || ds[0].Pos.Line == 0 {
		t.Errorf("TOML syntax error: %s", findings(ds))
	}
}

func TestRemoteConfSource(t *testing.T) {
	dir := writeProject(t, map[string]string{"pyproject.toml": "[tool.kfc]\nconf_source = \"s3://bucket/conf\"\n", "MLproject": "name: x\n"})
	var diags diag.List
	p, err := Load(LoadOptions{Root: dir, Getenv: noEnv}, &diags)
	if err != nil {
		t.Fatal(err)
	}
	wantFindings(t, diags.Items(), `pyproject.toml:2:1: configuration source "s3://bucket/conf" is an archive or a URL; kfc reads only a local configuration folder [config.InvalidSettings]`)
	if len(p.Config) != 0 {
		t.Error("no config from a remote source")
	}
}
