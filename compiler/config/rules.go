package config

// Rule ids of the findings the loader reports itself. They are registered
// (with a nil Run) in lint/loader_rules.go so `kfc rules` lists them.
const (
	// RuleMissingEnv: the base or run environment folder does not exist.
	RuleMissingEnv = "missing-env"
	// RuleDuplicateKey: one key defined in two files of the same environment.
	RuleDuplicateKey = "duplicate-config-key"
	// RuleAmbiguousTemplate: one `_` template key defined in two files of the
	// same environment; Kedro's winner depends on Python's hash seed.
	RuleAmbiguousTemplate = "ambiguous-template-key"
	// RuleUnreadableFile: a config file that cannot be read as UTF-8 text.
	RuleUnreadableFile = "unreadable-config-file"
	// RuleNotMapping: a config file whose top level is not a mapping.
	RuleNotMapping = "config-not-mapping"
	// RuleInvalidSettings: a bad value in settings.py or [tool.kfc].
	RuleInvalidSettings = "invalid-settings"
	// RuleCredentialsAsConfig: a credentials file (or a link to one) that
	// another key's patterns match too.
	RuleCredentialsAsConfig = "credentials-as-config"
	// RuleInvalidParams: a malformed --params dotlist.
	RuleInvalidParams = "invalid-runtime-params"
)

// ParamsFile is the pseudo file name of positions inside the --params
// option: line 1, column = 1-based offset in the option's value.
const ParamsFile = "--params"
