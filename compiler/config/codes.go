package config

import "github.com/kfc-dev/kfc/compiler/diag"

// The problems the loader reports itself; lint/loader_rules.go gives each
// its rule id and severity.
const (
	// CodeMissingEnv: the base environment folder, or a run environment
	// folder chosen with --env, KFC_ENV or KEDRO_ENV, does not exist.
	CodeMissingEnv diag.Code = "config.MissingEnv"
	// CodeMissingDefaultEnv: the run environment folder comes only from
	// default_run_env (conf/local, often git-ignored) and does not exist.
	CodeMissingDefaultEnv diag.Code = "config.MissingDefaultEnv"
	// CodeDuplicateKey: one key defined in two files of the same environment.
	CodeDuplicateKey diag.Code = "config.DuplicateKey"
	// CodeParamShapeClash: a parameter that is a value in one file and a
	// mapping in another of the same environment (Kedro does not flag it).
	CodeParamShapeClash diag.Code = "config.ParamShapeClash"
	// CodeAmbiguousTemplate: one `_` template key defined in two files of the
	// same environment; Kedro's winner depends on Python's hash seed.
	CodeAmbiguousTemplate diag.Code = "config.AmbiguousTemplate"
	// CodeUnreadableFile: a config file that cannot be read as UTF-8 text.
	CodeUnreadableFile diag.Code = "config.UnreadableFile"
	// CodeUnreadableFolder: a folder under conf/ the walk cannot list
	// (Kedro skips it silently).
	CodeUnreadableFolder diag.Code = "config.UnreadableFolder"
	// CodeNotMapping: a config file whose top level is not a mapping.
	CodeNotMapping diag.Code = "config.NotMapping"
	// CodeInvalidSettings: a bad value in settings.py or [tool.kfc].
	CodeInvalidSettings diag.Code = "config.InvalidSettings"
	// CodeUnclearSettings: settings Kedro accepts but probably not as meant
	// (several settings.py, CONFIG_LOADER_ARGS without its defaults).
	CodeUnclearSettings diag.Code = "config.UnclearSettings"
	// CodeCredentialsAsConfig: a credentials file (or a link to one) that
	// another key's patterns match too.
	CodeCredentialsAsConfig diag.Code = "config.CredentialsAsConfig"
	// CodeInvalidParams: a malformed --params dotlist.
	CodeInvalidParams diag.Code = "config.InvalidParams"
)

// ParamsFile is the pseudo file name of positions inside the --params
// option: line 1, column = 1-based offset in the option's value.
const ParamsFile = "--params"
