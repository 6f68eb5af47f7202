package lint

import (
	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
)

// Rules the config loader (compiler/config) reports itself while reading
// the project; registered here so `kfc rules` and docs/rules.md list them.
func init() {
	for _, r := range []*Rule{
		{Name: config.RuleMissingEnv, Severity: diag.Error,
			Doc: "the base or the selected run environment has no folder under conf/ (a warning when the run env is only the default one, often git-ignored)"},
		{Name: config.RuleDuplicateKey, Severity: diag.Error,
			Doc: "two files of one environment define the same top-level key (parameters: the same leaf path), which Kedro refuses"},
		{Name: config.RuleAmbiguousTemplate, Severity: diag.Warning,
			Doc: "a `_` template key is defined in two files of one environment: Kedro's winner depends on Python's hash seed"},
		{Name: config.RuleUnreadableFile, Severity: diag.Error,
			Doc: "a configuration file cannot be read, is a pipe, device or socket, is not UTF-8 text, or is larger than 64 MiB (error); a folder under conf/ cannot be read (warning: Kedro skips it silently)"},
		{Name: config.RuleNotMapping, Severity: diag.Error,
			Doc: "a configuration file's top level is a list or a scalar instead of a mapping"},
		{Name: config.RuleInvalidSettings, Severity: diag.Error,
			Doc: "settings.py CONFIG_LOADER_ARGS/CONF_SOURCE or [tool.kfc] loader settings hold a value Kedro would reject or misread"},
		{Name: config.RuleInvalidParams, Severity: diag.Error,
			Doc: "--params is not a comma-separated list of key=value items with YAML values"},
	} {
		Register(r)
	}
}
