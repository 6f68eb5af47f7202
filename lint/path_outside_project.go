package lint

import (
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/internal/safefs"
)

// path-outside-project is reported where a file is read (internal/safefs
// confines every read): by the config loader for conf/ links, the conf
// folder, pyproject.toml, settings.py and the MLproject, by
// mlproject-env-file for python_env/conda_env, by the settings for
// .kfc.yaml and by the dataset types for kfc/*.cue.
func init() {
	Register(&Rule{Name: "path-outside-project", Code: safefs.CodeOutside, Severity: diag.Error,
		Doc: "a path the project names (python_env/conda_env, source_dir, conf_source, kfc/*.cue...) or a symlink under conf/ leads outside the project folder once symlinks are resolved; kfc names it, never reads or follows it"})
}
