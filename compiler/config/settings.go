package config

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kfc-dev/kfc/compiler/diag"
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
// literal parts of src/<package>/settings.py, then [tool.kfc].
func loadSettings(root string, diags *diag.List) Settings {
	s := DefaultSettings()
	pp := readPyproject(root, diags)
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
	return s
}

// findSettingsFile locates src/<package>/settings.py: the package named by
// [tool.kedro] package_name, else the only package under the source dir
// that has a settings.py. It returns an absolute path or "".
func findSettingsFile(root string, pp *pyproject, s *Settings, diags *diag.List) string {
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
	mod := readPyModule(string(src))
	pos := func(v *pyValue) diag.Pos { return diag.Pos{File: rel, Line: v.line, Col: v.col} }

	if v := mod.assigns["CONF_SOURCE"]; v != nil {
		switch v.kind {
		case pyStr:
			s.ConfSource = v.str
			s.Source = pos(v)
		case pyOpaque: // computed in Python: keep the default
		default:
			diags.Reportf(pos(v), CodeInvalidSettings, "CONF_SOURCE must be a string, not %s", v.kind)
		}
	}

	args := mod.assigns["CONFIG_LOADER_ARGS"]
	if args == nil || args.kind == pyOpaque {
		return
	}
	if args.kind != pyDict {
		diags.Reportf(pos(args), CodeInvalidSettings, "CONFIG_LOADER_ARGS must be a dict, not %s", args.kind)
		return
	}
	s.Source = pos(args)
	checkLoaderClass := isOmegaConfigLoader(mod.assigns["CONFIG_LOADER_CLASS"])
	if !args.spread {
		// Kedro's default {"base_env": "base", "default_run_env": "local"}
		// applies only when CONFIG_LOADER_ARGS is not set at all.
		if args.get("base_env") == nil {
			s.BaseEnv = ""
			diags.Reportf(pos(args), CodeUnclearSettings,
				"CONFIG_LOADER_ARGS has no \"base_env\": Kedro then applies no default and reads the whole %s folder as the base environment; add \"base_env\": \"base\"", s.ConfSource)
		}
		if args.get("default_run_env") == nil {
			s.DefaultRunEnv = ""
			diags.Reportf(pos(args), CodeUnclearSettings,
				"CONFIG_LOADER_ARGS has no \"default_run_env\": without --env Kedro then reads the whole %s folder as the run environment; add \"default_run_env\": \"local\"", s.ConfSource)
		}
	}
	for i, k := range args.keys {
		v := args.vals[i]
		if k.kind != pyStr {
			continue
		}
		name := "CONFIG_LOADER_ARGS[\"" + k.str + "\"]"
		switch k.str {
		case "base_env", "default_run_env":
			if v.kind == pyOpaque {
				continue
			}
			if v.kind != pyStr && v.kind != pyNone {
				diags.Reportf(pos(v), CodeInvalidSettings, "%s must be a string, not %s", name, v.kind)
				continue
			}
			if k.str == "base_env" {
				s.BaseEnv = v.str
			} else {
				s.DefaultRunEnv = v.str
			}
		case "config_patterns":
			applyPyPatterns(name, v, s, pos, diags)
		case "merge_strategy":
			applyPyMergeStrategy(name, v, s, pos, diags)
		case "custom_resolvers":
			if v.kind == pyDict {
				for _, rk := range v.keys {
					if rk.kind == pyStr {
						s.CustomResolvers = appendUnique(s.CustomResolvers, rk.str)
					}
				}
			} else if v.kind != pyOpaque && v.kind != pyNone {
				diags.Reportf(pos(v), CodeInvalidSettings, "%s must be a dict of resolver names to functions, not %s", name, v.kind)
			}
		case "ignore_hidden":
			if v.kind == pyBool {
				s.LoadHidden = !v.boolean
			}
		default:
			if !checkLoaderClass {
				continue
			}
			if contains(sessionLoaderArgs, k.str) {
				diags.Reportf(pos(k), CodeInvalidSettings,
					"OmegaConfigLoader() got multiple values for keyword argument '%s': the session passes it; remove it from CONFIG_LOADER_ARGS", k.str)
			} else {
				diags.Reportf(pos(k), CodeInvalidSettings,
					"OmegaConfigLoader() got an unexpected keyword argument '%s'%s", k.str, suggest(k.str, userLoaderArgs))
			}
		}
	}
}

// isOmegaConfigLoader reports whether CONFIG_LOADER_CLASS is unset or
// names OmegaConfigLoader, so its keyword arguments are known.
func isOmegaConfigLoader(v *pyValue) bool {
	if v == nil {
		return true
	}
	return v.kind == pyOpaque && (v.str == "OmegaConfigLoader" || strings.HasSuffix(v.str, ".OmegaConfigLoader"))
}

func applyPyPatterns(name string, v *pyValue, s *Settings, pos func(*pyValue) diag.Pos, diags *diag.List) {
	if v.kind == pyOpaque || v.kind == pyNone {
		return
	}
	if v.kind != pyDict {
		diags.Reportf(pos(v), CodeInvalidSettings, "%s must be a dict of config key to a list of glob patterns, not %s", name, v.kind)
		return
	}
	for i, k := range v.keys {
		if k.kind != pyStr {
			continue
		}
		pv := v.vals[i]
		if pv.kind == pyOpaque {
			continue
		}
		if pv.kind != pyList || pv.spread {
			diags.Reportf(pos(pv), CodeInvalidSettings, "%s[\"%s\"] must be a list of glob patterns, not %s", name, k.str, pv.kind)
			continue
		}
		var globs []string
		ok := true
		for _, it := range pv.items {
			if it.kind != pyStr {
				if it.kind != pyOpaque {
					diags.Reportf(pos(it), CodeInvalidSettings, "%s[\"%s\"] must hold glob strings, not %s", name, k.str, it.kind)
				}
				ok = false
				continue
			}
			globs = append(globs, it.str)
		}
		if ok {
			s.Patterns[k.str] = globs
		}
	}
}

func applyPyMergeStrategy(name string, v *pyValue, s *Settings, pos func(*pyValue) diag.Pos, diags *diag.List) {
	if v.kind == pyOpaque || v.kind == pyNone {
		return
	}
	if v.kind != pyDict {
		diags.Reportf(pos(v), CodeInvalidSettings, "%s must be a dict of config key to \"destructive\" or \"soft\", not %s", name, v.kind)
		return
	}
	for i, k := range v.keys {
		sv := v.vals[i]
		if k.kind != pyStr || sv.kind == pyOpaque {
			continue
		}
		if sv.kind != pyStr {
			diags.Reportf(pos(sv), CodeInvalidSettings, "%s[\"%s\"] must be a string, not %s", name, k.str, sv.kind)
			continue
		}
		if msg := checkMergeStrategy(sv.str); msg != "" {
			diags.Reportf(pos(sv), CodeInvalidSettings, "%s", msg)
			continue
		}
		s.MergeStrategy[k.str] = strings.ToLower(sv.str)
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
	best, bestDist := "", 3
	for _, o := range options {
		if d := names.Distance(got, o); d < bestDist {
			best, bestDist = o, d
		}
	}
	if best == "" {
		return ""
	}
	return " (did you mean '" + best + "'?)"
}
