package config

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/pyproject"
	"github.com/kfc-dev/kfc/internal/py"
	"github.com/kfc-dev/kfc/internal/safefs"
	names "github.com/kfc-dev/kfc/internal/suggest"
)

// DefaultSettings are Kedro's settings for a project that sets nothing
// (kedro/framework/project CONFIG_LOADER_ARGS default, OmegaConfigLoader's
// default config_patterns), plus kedro-mlflow's mlflow patterns and kfc's
// own pipelines patterns.
func DefaultSettings() Settings {
	return Settings{
		ConfSource:    "conf",
		BaseEnv:       "base",
		DefaultRunEnv: "local",
		Patterns: map[string][]string{
			"catalog":     {"catalog*", "catalog*/**", "**/catalog*"},
			"parameters":  {"parameters*", "parameters*/**", "**/parameters*"},
			"credentials": {"credentials*", "credentials*/**", "**/credentials*"},
			"globals":     {"globals.yml"},
			"mlflow":      {"mlflow*", "mlflow*/**", "**/mlflow*"},
			"pipelines":   {"pipelines*", "pipelines*/**", "**/pipelines*"},
		},
		MergeStrategy: map[string]string{},
	}
}

// mergeStrategies are the values Kedro's MergeStrategies enum accepts
// (matched case-insensitively: Kedro upper-cases the setting).
var mergeStrategies = []string{"destructive", "soft"}

// omegaConfigLoaderArgs are the keyword arguments OmegaConfigLoader takes
// from CONFIG_LOADER_ARGS; the session passes the first three itself.
var (
	sessionLoaderArgs = []string{"conf_source", "env", "runtime_params"}
	userLoaderArgs    = []string{"base_env", "config_patterns", "custom_resolvers", "default_run_env", "ignore_hidden", "merge_strategy"}
)

// loadSettings builds the project's settings: Kedro's defaults, then the
// literal parts of src/<package>/settings.py, then [tool.kfc]. It also
// returns the parsed pyproject.toml, nil when there is none.
func loadSettings(root string, diags *diag.List) (Settings, *pyproject.Doc) {
	s := DefaultSettings()
	pp, doc := readPyproject(root, diags)
	s.SourceDir = "src"
	if pp != nil && pp.kedroSourceDir != "" {
		s.SourceDir = pp.kedroSourceDir
	}
	if file := findSettingsFile(root, pp, &s, diags); file != "" {
		applySettingsPy(root, file, &s, diags)
	}
	if pp != nil {
		applyToolKfc(pp, &s, diags)
	}
	return s, doc
}

// findSettingsFile locates src/<package>/settings.py: the package named by
// [tool.kedro] package_name, else the only package under the source dir
// that has a settings.py. It returns an absolute path or "".
func findSettingsFile(root string, pp *pyprojectView, s *Settings, diags *diag.List) string {
	srcDir := "src"
	if pp != nil && pp.kedroSourceDir != "" {
		srcDir = pp.kedroSourceDir
	}
	if !filepath.IsLocal(filepath.FromSlash(srcDir)) && filepath.Clean(srcDir) != "." {
		diags.Reportf(diag.Pos{File: pyprojectFile}, safefs.CodeOutside,
			"[tool.kedro] source_dir %s leads outside the project folder; kfc reads nothing outside it and uses Kedro's default settings", srcDir)
		return ""
	}
	if pp != nil && pp.kedroPackage != "" {
		s.PackageName = pp.kedroPackage
		rel := filepath.Join(filepath.FromSlash(srcDir), filepath.FromSlash(strings.ReplaceAll(pp.kedroPackage, ".", "/")), "settings.py")
		fi, err := safefs.Stat(root, rel)
		if errors.Is(err, safefs.ErrOutside) {
			diags.Reportf(diag.Pos{File: pyprojectFile}, safefs.CodeOutside, "%s", safefs.Message(err))
			return ""
		}
		if err == nil && !fi.IsDir() { // a pipe or a device is reported when read
			return filepath.Join(root, rel)
		}
		return ""
	}
	// A source folder that links out of the project is reported, not listed.
	if _, err := safefs.Stat(root, srcDir); errors.Is(err, safefs.ErrOutside) {
		diags.Reportf(diag.Pos{File: srcDir}, safefs.CodeOutside, "%s", safefs.Message(err))
		return ""
	}
	matches, _ := filepath.Glob(filepath.Join(root, srcDir, "*", "settings.py"))
	var found []string
	for _, m := range matches {
		// Not only regular files: a pipe or a device is reported when read.
		if !isDir(m) && !strings.HasPrefix(filepath.Base(filepath.Dir(m)), ".") {
			found = append(found, m)
		}
	}
	sort.Strings(found)
	switch len(found) {
	case 0:
		return ""
	case 1:
		s.PackageName = filepath.Base(filepath.Dir(found[0]))
		return found[0]
	}
	var names []string
	for _, f := range found {
		names = append(names, relPath(root, f))
	}
	pos := diag.Pos{File: "pyproject.toml"}
	if pp == nil {
		pos = diag.Pos{File: names[0]}
	}
	diags.Reportf(pos, CodeUnclearSettings,
		"several packages have a settings.py (%s) and [tool.kedro] package_name does not say which is the project's; kfc uses Kedro's default settings",
		strings.Join(names, ", "))
	return ""
}

// applySettingsPy applies CONF_SOURCE and CONFIG_LOADER_ARGS from a
// settings.py, reading literals only.
func applySettingsPy(root, file string, s *Settings, diags *diag.List) {
	rel := relPath(root, file)
	src, err := safefs.ReadFile(root, rel)
	if err != nil {
		reportNamed(diag.Pos{File: rel}, CodeInvalidSettings, rel, err, root, diags)
		return
	}
	mod := py.ReadModule(string(src))
	pos := func(v *py.Value) diag.Pos { return diag.Pos{File: rel, Line: v.Line, Col: v.Col} }

	if v := mod.Assigns["CONF_SOURCE"]; v != nil {
		switch v.Kind {
		case py.String:
			s.ConfSource = v.Text
			s.Source = pos(v)
		case py.Opaque: // computed in Python: keep the default
		default:
			diags.Reportf(pos(v), CodeInvalidSettings, "CONF_SOURCE must be a string, not %s", v.Kind)
		}
	}

	args := mod.Assigns["CONFIG_LOADER_ARGS"]
	if args == nil || args.Kind == py.Opaque {
		return
	}
	if args.Kind != py.Dict {
		diags.Reportf(pos(args), CodeInvalidSettings, "CONFIG_LOADER_ARGS must be a dict, not %s", args.Kind)
		return
	}
	s.Source = pos(args)
	checkLoaderClass := isOmegaConfigLoader(mod.Assigns["CONFIG_LOADER_CLASS"])
	if !args.Spread {
		// Kedro's default {"base_env": "base", "default_run_env": "local"}
		// applies only when CONFIG_LOADER_ARGS is not set at all.
		if args.Get("base_env") == nil {
			s.BaseEnv = ""
			diags.Reportf(pos(args), CodeUnclearSettings,
				"CONFIG_LOADER_ARGS has no \"base_env\": Kedro then applies no default and reads the whole %s folder as the base environment; add \"base_env\": \"base\"", s.ConfSource)
		}
		if args.Get("default_run_env") == nil {
			s.DefaultRunEnv = ""
			diags.Reportf(pos(args), CodeUnclearSettings,
				"CONFIG_LOADER_ARGS has no \"default_run_env\": without --env Kedro then reads the whole %s folder as the run environment; add \"default_run_env\": \"local\"", s.ConfSource)
		}
	}
	for i, k := range args.Keys {
		v := args.Vals[i]
		if k.Kind != py.String {
			continue
		}
		name := "CONFIG_LOADER_ARGS[\"" + k.Text + "\"]"
		switch k.Text {
		case "base_env", "default_run_env":
			if v.Kind == py.Opaque {
				continue
			}
			if v.Kind != py.String && v.Kind != py.None {
				diags.Reportf(pos(v), CodeInvalidSettings, "%s must be a string, not %s", name, v.Kind)
				continue
			}
			if k.Text == "base_env" {
				s.BaseEnv = v.Text
			} else {
				s.DefaultRunEnv = v.Text
			}
		case "config_patterns":
			applyPyPatterns(name, v, s, pos, diags)
		case "merge_strategy":
			applyPyMergeStrategy(name, v, s, pos, diags)
		case "custom_resolvers":
			if v.Kind == py.Dict {
				for _, rk := range v.Keys {
					if rk.Kind == py.String {
						s.CustomResolvers = appendUnique(s.CustomResolvers, rk.Text)
					}
				}
			} else if v.Kind != py.Opaque && v.Kind != py.None {
				diags.Reportf(pos(v), CodeInvalidSettings, "%s must be a dict of resolver names to functions, not %s", name, v.Kind)
			}
		case "ignore_hidden":
			if v.Kind == py.Bool {
				s.LoadHidden = !v.Bool
			}
		default:
			if !checkLoaderClass {
				continue
			}
			if contains(sessionLoaderArgs, k.Text) {
				diags.Reportf(pos(k), CodeInvalidSettings,
					"OmegaConfigLoader() got multiple values for keyword argument '%s': the session passes it; remove it from CONFIG_LOADER_ARGS", k.Text)
			} else {
				diags.Reportf(pos(k), CodeInvalidSettings,
					"OmegaConfigLoader() got an unexpected keyword argument '%s'%s", k.Text, suggest(k.Text, userLoaderArgs))
			}
		}
	}
}

// isOmegaConfigLoader reports whether CONFIG_LOADER_CLASS is unset or
// names OmegaConfigLoader, so its keyword arguments are known.
func isOmegaConfigLoader(v *py.Value) bool {
	if v == nil {
		return true
	}
	return v.Kind == py.Opaque && (v.Text == "OmegaConfigLoader" || strings.HasSuffix(v.Text, ".OmegaConfigLoader"))
}

func applyPyPatterns(name string, v *py.Value, s *Settings, pos func(*py.Value) diag.Pos, diags *diag.List) {
	if v.Kind == py.Opaque || v.Kind == py.None {
		return
	}
	if v.Kind != py.Dict {
		diags.Reportf(pos(v), CodeInvalidSettings, "%s must be a dict of config key to a list of glob patterns, not %s", name, v.Kind)
		return
	}
	for i, k := range v.Keys {
		if k.Kind != py.String {
			continue
		}
		pv := v.Vals[i]
		if pv.Kind == py.Opaque {
			continue
		}
		if pv.Kind != py.List || pv.Spread {
			diags.Reportf(pos(pv), CodeInvalidSettings, "%s[\"%s\"] must be a list of glob patterns, not %s", name, k.Text, pv.Kind)
			continue
		}
		var globs []string
		ok := true
		for _, it := range pv.Items {
			if it.Kind != py.String {
				if it.Kind != py.Opaque {
					diags.Reportf(pos(it), CodeInvalidSettings, "%s[\"%s\"] must hold glob strings, not %s", name, k.Text, it.Kind)
				}
				ok = false
				continue
			}
			globs = append(globs, it.Text)
		}
		if ok {
			s.Patterns[k.Text] = globs
		}
	}
}

func applyPyMergeStrategy(name string, v *py.Value, s *Settings, pos func(*py.Value) diag.Pos, diags *diag.List) {
	if v.Kind == py.Opaque || v.Kind == py.None {
		return
	}
	if v.Kind != py.Dict {
		diags.Reportf(pos(v), CodeInvalidSettings, "%s must be a dict of config key to \"destructive\" or \"soft\", not %s", name, v.Kind)
		return
	}
	for i, k := range v.Keys {
		sv := v.Vals[i]
		if k.Kind != py.String || sv.Kind == py.Opaque {
			continue
		}
		if sv.Kind != py.String {
			diags.Reportf(pos(sv), CodeInvalidSettings, "%s[\"%s\"] must be a string, not %s", name, k.Text, sv.Kind)
			continue
		}
		if msg := checkMergeStrategy(sv.Text); msg != "" {
			diags.Reportf(pos(sv), CodeInvalidSettings, "%s", msg)
			continue
		}
		s.MergeStrategy[k.Text] = strings.ToLower(sv.Text)
	}
}

// checkMergeStrategy returns Kedro's error for an unknown strategy, or "".
func checkMergeStrategy(v string) string {
	if contains(mergeStrategies, strings.ToLower(v)) {
		return ""
	}
	return fmt.Sprintf("Merging strategy %s not supported. The accepted merging strategies are ['destructive', 'soft'].", v)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func appendUnique(list []string, s string) []string {
	if contains(list, s) {
		return list
	}
	return append(list, s)
}

// suggest returns " (did you mean 'x'?)" for a near miss among options.
func suggest(got string, options []string) string {
	if best := names.Within(got, options, 2); best != "" {
		return " (did you mean '" + best + "'?)"
	}
	return ""
}
