package lint

import (
	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
)

// Rules of the problems the config loader (compiler/config) reports while
// reading the project. They are grouped in one file because each is "the
// loader could not do what Kedro does" with no Run of its own;
// loader_rules_test.go has a case for each.
func init() {
	for _, r := range []*Rule{
		{Name: "missing-env", Code: config.CodeMissingEnv, Severity: diag.Error,
			Doc: "the base environment, or a run environment chosen with --env, KFC_ENV or KEDRO_ENV, has no folder under conf/"},
		{Name: "missing-default-env", Code: config.CodeMissingDefaultEnv, Severity: diag.Warning,
			Doc: "the default run environment (default_run_env, usually local, often git-ignored) has no folder under conf/; kfc checks the base environment alone"},
		{Name: "duplicate-config-key", Code: config.CodeDuplicateKey, Severity: diag.Error,
			Doc: "two files of one environment define the same top-level key (parameters: the same leaf path), which Kedro refuses"},
		{Name: "parameter-shape-clash", Code: config.CodeParamShapeClash, Severity: diag.Warning,
			Doc: "a parameter is a value in one file and a mapping in another of one environment: Kedro does not flag it, and Python's hash seed decides which wins"},
		{Name: "ambiguous-template-key", Code: config.CodeAmbiguousTemplate, Severity: diag.Warning,
			Doc: "a `_` template key is defined in two files of one environment: Kedro's winner depends on Python's hash seed"},
		{Name: "unreadable-config-file", Code: config.CodeUnreadableFile, Severity: diag.Error,
			Doc: "a configuration file cannot be read, is a pipe, device or socket, is not UTF-8 text, or is larger than 64 MiB"},
		{Name: "unreadable-config-folder", Code: config.CodeUnreadableFolder, Severity: diag.Warning,
			Doc: "a folder under conf/ cannot be read: Kedro skips it silently, so what a run loads depends on who runs it"},
		{Name: "config-not-mapping", Code: config.CodeNotMapping, Severity: diag.Error,
			Doc: "a configuration file's top level is a list or a scalar instead of a mapping"},
		{Name: "invalid-settings", Code: config.CodeInvalidSettings, Severity: diag.Error,
			Doc: "settings.py CONFIG_LOADER_ARGS/CONF_SOURCE or [tool.kfc] loader settings hold a value Kedro would reject or misread"},
		{Name: "unclear-settings", Code: config.CodeUnclearSettings, Severity: diag.Warning,
			Doc: "settings Kedro accepts but probably not as meant: several settings.py and no package_name, CONFIG_LOADER_ARGS without base_env or default_run_env"},
		{Name: "invalid-runtime-params", Code: config.CodeInvalidParams, Severity: diag.Error,
			Doc: "--params is not a comma-separated list of key=value items with YAML values"},
	} {
		Register(r)
	}
}
