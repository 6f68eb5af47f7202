package config

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
	"github.com/kfc-dev/kfc/internal/pool"
	"github.com/kfc-dev/kfc/internal/safefs"
)

// LoadOptions say which project to load and for which run.
type LoadOptions struct {
	Root   string                      // project folder; may be relative
	Env    string                      // --env; "" means KFC_ENV, else KEDRO_ENV, else the default run env
	Params string                      // raw --params "a.b=1,c=x"
	Getenv func(string) (string, bool) // nil means os.LookupEnv
	// Scripts accepts a folder with neither a conf folder nor an MLproject
	// as an MLflow convention-based project, whose .py and .sh files
	// `mlflow run -e` runs (kfc build --entry-point).
	Scripts bool
	// Keys, when set, are the only configuration keys read (with globals,
	// which feed them): kfc exec of a plan file needs mlflow and
	// credentials, not the whole catalog and pipelines again.
	Keys []string

	readDir func(string) ([]os.DirEntry, error) // tests: a walk that fails where permissions cannot (as root)
}

// Load reads the project at opts.Root the way Kedro's OmegaConfigLoader
// would for one run, without Python. The error is non-nil only when the
// project cannot be read at all (the folder is missing, or it has neither a
// conf folder nor an MLproject); everything else is a positioned finding in
// diags and the returned Project holds whatever could be read.
func Load(opts LoadOptions, diags *diag.List) (*Project, error) {
	getenv := opts.Getenv
	if getenv == nil {
		getenv = os.LookupEnv
	}
	root, err := filepath.Abs(opts.Root)
	if err != nil {
		return nil, fmt.Errorf("cannot resolve the project folder %s: %v", opts.Root, err)
	}
	if fi, err := os.Stat(root); err != nil {
		return nil, fmt.Errorf("cannot read the project folder %s: %v", opts.Root, cleanIOError(err, root))
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("the project %s is not a folder", opts.Root)
	}

	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return nil, fmt.Errorf("cannot read the project folder %s: %v", opts.Root, cleanIOError(err, root))
	}

	s, pyprojectDoc := loadSettings(root, diags)
	env, envSource := chooseEnv(opts.Env, getenv, s)
	p := &Project{
		Root:      root,
		Env:       env,
		Settings:  s,
		Pyproject: pyprojectDoc,
		Config:    map[string]*tree.Node{},
		PerEnv:    map[string]map[string]*tree.Node{},
	}
	mlProblem := "" // why an MLproject that is there could not be read
	if ml := findMLproject(root); ml != "" {
		var mlDiags diag.List
		p.MLproject = readMLproject(root, ml, &mlDiags)
		if p.MLproject == nil || p.MLproject.Broken {
			p.markBroken(KeyMLproject)
		}
		if items := mlDiags.Items(); p.MLproject == nil && len(items) > 0 {
			mlProblem = items[0].Message
		}
		diags.Merge(&mlDiags)
	}

	confDir := s.ConfSource
	if !filepath.IsAbs(confDir) {
		confDir = filepath.Join(root, filepath.FromSlash(confDir))
	}
	if isRemoteConfSource(s.ConfSource) {
		diags.Reportf(s.Source, CodeInvalidSettings,
			"configuration source %q is an archive or a URL; kfc reads only a local configuration folder", s.ConfSource)
		confDir = ""
	}
	if confDir != "" && isDir(confDir) && !confInside(realRoot, confDir) {
		pos := s.Source
		if pos.File == "" {
			pos = diag.Pos{File: relPath(root, confDir)}
		}
		diags.Reportf(pos, safefs.CodeOutside,
			"the configuration folder %s leads outside the project folder; kfc reads nothing outside it", s.ConfSource)
		if p.MLproject == nil {
			return nil, fmt.Errorf("the configuration folder %s of %s leads outside the project folder; kfc reads nothing outside it", s.ConfSource, opts.Root)
		}
		confDir = ""
	}
	if confDir == "" || !isDir(confDir) {
		if p.MLproject == nil && mlProblem != "" {
			return nil, fmt.Errorf("%s has no %s folder and its MLproject cannot be read: %s", opts.Root, s.ConfSource, mlProblem)
		}
		if p.MLproject == nil && !opts.Scripts {
			return nil, fmt.Errorf("%s is neither a Kedro project (no %s folder) nor an MLflow project (no MLproject file)", opts.Root, s.ConfSource)
		}
		return p, nil // a bare MLflow project
	}

	p.RuntimeParams = parseRuntimeParams(opts.Params, diags)
	l := &loader{
		only:    opts.Keys,
		proj:    p,
		root:    root,
		confDir: confDir,
		getenv:  getenv,
		diags:   diags,
		cache:   map[string]*File{},
		walk: &envWalk{root: root, realRoot: realRoot, skipHidden: !s.LoadHidden, readDir: os.ReadDir,
			diags: diags, reported: map[string]bool{}, special: map[string]string{}, realOf: map[string]string{}},
	}
	if opts.readDir != nil {
		l.walk.readDir = opts.readDir
	}
	l.realRoot = realRoot
	l.realConf, _ = filepath.EvalSymlinks(confDir)
	l.findEnvs(envSource)
	l.guardCredentials()
	l.prefetch()
	l.loadAll()
	return p, nil
}

// chooseEnv picks the run environment and says where it came from.
// Empty variables count as unset, as `env or os.getenv("KEDRO_ENV")` does.
func chooseEnv(flag string, getenv func(string) (string, bool), s Settings) (env, source string) {
	if flag != "" {
		return flag, "--env"
	}
	for _, name := range []string{"KFC_ENV", "KEDRO_ENV"} {
		if v, ok := getenv(name); ok && v != "" {
			return v, name
		}
	}
	return s.DefaultRunEnv, "default_run_env"
}

// confInside reports whether the conf folder, symlinks resolved, is in
// the project.
func confInside(realRoot, confDir string) bool {
	real, err := filepath.EvalSymlinks(confDir)
	return err == nil && safefs.Within(realRoot, real)
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// isRemoteConfSource reports a conf source Kedro reads through fsspec
// (an archive or a URL) rather than as a folder.
func isRemoteConfSource(src string) bool {
	lower := strings.ToLower(src)
	return strings.Contains(src, "://") || strings.HasSuffix(lower, ".zip") ||
		strings.HasSuffix(lower, ".tar.gz") || strings.HasSuffix(lower, ".tgz") || strings.HasSuffix(lower, ".tar")
}

// loader carries one Load's state.
type loader struct {
	only    []string // LoadOptions.Keys
	proj    *Project
	root    string
	confDir string
	getenv  func(string) (string, bool)
	diags   *diag.List
	walk    *envWalk

	realRoot, realConf string          // root and conf folder, symlinks resolved
	credOnly           map[string]bool // credentials files no other key may load (guardCredentials)

	envs    []loadedEnv      // base first, then the run env when it differs
	cache   map[string]*File // parsed files by absolute path
	globals *tree.Node       // merged, resolved globals fed to the other keys
}

type loadedEnv struct {
	name  string
	dir   string   // absolute
	rel   string   // relative to the conf folder, for the hidden-path rule
	files []string // every file below dir, relative to it, sorted
}

// findEnvs checks the base and run env folders and lists their files.
func (l *loader) findEnvs(envSource string) {
	s := l.proj.Settings
	check := func(name, role, source string) bool {
		dir := filepath.Join(l.confDir, filepath.FromSlash(name))
		if isDir(dir) {
			files := l.walk.list(dir)
			l.envs = append(l.envs, loadedEnv{name: name, dir: dir, rel: relPath(l.confDir, dir), files: files})
			return true
		}
		pos := diag.Pos{File: relPath(l.root, dir)}
		msg := fmt.Sprintf("Given configuration path either does not exist or is not a valid directory: %s (%s %q from %s)",
			pos.File, role, name, source)
		if role == "run environment" && source == "default_run_env" {
			// conf/local is often git-ignored: a checkout without it is normal.
			l.diags.Reportf(pos, CodeMissingDefaultEnv, "%s; kedro run would stop here, kfc loads the base environment alone", msg)
		} else {
			l.diags.Reportf(pos, CodeMissingEnv, "%s", msg)
		}
		return false
	}
	check(s.BaseEnv, "base environment", "base_env")
	if l.proj.Env != s.BaseEnv {
		check(l.proj.Env, "run environment", envSource)
	}
	for _, e := range l.envs {
		l.proj.Envs = append(l.proj.Envs, e.name)
	}
}

// keyOrder is the order keys load in: globals first (the others read it),
// then the rest of Keys, then any project-defined keys by name.
func keyOrder(patterns map[string][]string) []string {
	var out []string
	known := map[string]bool{}
	for _, k := range Keys {
		known[k] = true
		if _, ok := patterns[k]; ok {
			out = append(out, k)
		}
	}
	var extra []string
	for k := range patterns {
		if !known[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	return append(out, extra...)
}

// keys are the configuration keys this load reads, in keyOrder.
func (l *loader) keys() []string {
	all := keyOrder(l.proj.Settings.Patterns)
	if l.only == nil {
		return all
	}
	var out []string
	for _, k := range all {
		if k == "globals" || slices.Contains(l.only, k) {
			out = append(out, k)
		}
	}
	return out
}

func (l *loader) loadAll() {
	s := l.proj.Settings
	custom := map[string]bool{}
	for _, r := range s.CustomResolvers {
		custom[r] = true
	}
	keys := l.keys()
	options := func(key string) resolveOptions {
		opts := resolveOptions{
			Key:             key,
			AllowEnv:        key == "credentials" || custom["oc.env"],
			Getenv:          l.getenv,
			CustomResolvers: custom,
		}
		if key != "globals" {
			opts.Globals = l.globals
			if opts.Globals == nil {
				opts.Globals = tree.NewMap(diag.Pos{})
			}
			opts.RuntimeParams = l.proj.RuntimeParams
		}
		return opts
	}
	// Globals feed every other key; after them the keys are independent
	// and load on all cores, each into its own loader, merged back in key
	// order so the result is the same as loading them one by one.
	for _, key := range keys {
		if key == "globals" {
			l.globals = l.loadKey(key, options(key))
			l.store(key, l.globals)
		}
	}
	subs := make([]*loader, len(keys))
	for i, key := range keys {
		if key == "globals" {
			continue
		}
		sub := *l
		sub.diags = &diag.List{}
		sub.proj = &Project{Settings: l.proj.Settings, RuntimeParams: l.proj.RuntimeParams,
			Config: map[string]*tree.Node{}, PerEnv: map[string]map[string]*tree.Node{}}
		subs[i] = &sub
	}
	pool.Each(len(keys), func(i int) {
		if sub := subs[i]; sub != nil {
			sub.store(keys[i], sub.loadKey(keys[i], options(keys[i])))
		}
	})
	for i, key := range keys {
		sub := subs[i]
		if sub == nil {
			continue
		}
		l.diags.Merge(sub.diags)
		l.proj.Files = append(l.proj.Files, sub.proj.Files...)
		for k := range sub.proj.Broken {
			l.proj.markBroken(k)
		}
		if c := sub.proj.Config[key]; c != nil {
			l.proj.Config[key] = c
		}
		if pe := sub.proj.PerEnv[key]; pe != nil {
			l.proj.PerEnv[key] = pe
		}
	}
}

// store records a key's merged config.
func (l *loader) store(key string, merged *tree.Node) {
	if merged == nil && key == "parameters" && l.proj.RuntimeParams != nil {
		// No parameters file anywhere: the context falls back to the
		// runtime params alone.
		merged = l.proj.RuntimeParams.Clone()
	}
	if merged != nil {
		l.proj.Config[key] = merged
	}
}

// loadKey loads one config key in every env and merges the envs with the
// key's merge strategy. It returns nil when no file matched.
func (l *loader) loadKey(key string, opts resolveOptions) *tree.Node {
	var result *tree.Node
	owned := false // result is cfg of the first env until another merges in
	for _, e := range l.envs {
		cfg, ok := l.loadEnvKey(key, e, opts)
		if !ok {
			continue
		}
		if l.proj.PerEnv[key] == nil {
			l.proj.PerEnv[key] = map[string]*tree.Node{}
		}
		l.proj.PerEnv[key][e.name] = cfg
		if result == nil {
			result = cfg
			continue
		}
		if !owned {
			// PerEnv keeps the first env's cfg itself: merge into a copy
			// (made only now, so a key only one env has is not copied).
			result, owned = shallowCopy(result), true
		}
		if l.proj.Settings.MergeStrategy[key] == "soft" {
			result = deepMerge(result, cfg)
		} else {
			result = updateTop(result, cfg)
		}
	}
	return result
}

// loadEnvKey is Kedro's load_and_merge_dir_config for one key in one env:
// match and parse the files, check duplicates, merge them (parameters:
// with the runtime params on top), resolve interpolations, drop `_` keys
// (all keys but parameters). ok is false when no file matched.
func (l *loader) loadEnvKey(key string, e loadedEnv, opts resolveOptions) (*tree.Node, bool) {
	matched := matchConfigFiles(e.files, l.proj.Settings.Patterns[key], e.rel, l.proj.Settings.LoadHidden)
	var files []*File
	for _, rel := range matched {
		abs := filepath.Join(e.dir, filepath.FromSlash(rel))
		if key != "credentials" && l.credOnly[abs] {
			continue // reported by guardCredentials
		}
		f := l.file(abs, key, e.name)
		if f == nil || f.Broken {
			l.proj.markBroken(key)
		}
		if f == nil {
			continue
		}
		if f.Root != nil && f.Root.Kind == tree.Null {
			f.Root = nil // `~` alone: OmegaConf.load makes an empty config of it
		}
		if f.Root != nil && f.Root.Kind != tree.Map {
			what := "a list"
			if f.Root.Kind != tree.Seq {
				what = "a single " + f.Root.Kind.String() + " value"
			}
			l.diags.Reportf(f.Root.Pos(), CodeNotMapping,
				"the top level of a %s file must be a mapping of keys to values, not %s", key, what)
			l.proj.markBroken(key)
			continue
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		return nil, false
	}
	checkDuplicates(key, files, l.diags)

	merged := tree.NewMap(diag.Pos{File: files[0].Path, Line: 1, Col: 1})
	if files[0].Root != nil {
		merged.At = files[0].Root.At
	}
	// The top level holds every file's keys: sized once instead of grown
	// by doubling through a 100,000-entry catalog.
	top := 0
	for _, f := range files {
		if f.Root != nil {
			top += len(f.Root.Pairs)
		}
	}
	if top > 0 {
		merged.Pairs = make([]tree.Pair, 0, top)
	}
	// Kedro resolves each credentials file on its own (to read environment
	// variables) before merging; every other key is resolved once merged.
	perFile := key == "credentials"
	var idx keyIndex // merged's, kept from file to file
	for _, f := range files {
		src := f.Root
		if perFile && src != nil {
			src = resolve(src, opts, l.diags) // a resolved copy: the parsed file is untouched
		}
		merged = mergeIndexed(merged, src, &idx)
	}
	if key == "parameters" && l.proj.RuntimeParams != nil {
		merged = mergeIndexed(merged, l.proj.RuntimeParams, &idx)
	}
	if !perFile {
		merged = resolve(merged, opts, l.diags)
	}
	// pipelines keeps its `_` keys: `__default__` is a pipeline name, and
	// compiler/pipeline skips the other `_` keys (anchor templates) itself.
	if key != "parameters" && key != "pipelines" {
		merged = dropTemplates(merged)
	}
	return merged, true
}

// file reads and parses a config file once, however many keys match it,
// and records it in Project.Files under each key.
func (l *loader) file(abs, key, env string) *File {
	// prefetch has read every file the patterns match; keys load
	// concurrently, so a miss (which would mean the two disagree) reads the
	// file without writing to the shared cache.
	parsed, seen := l.cache[abs]
	if !seen {
		parsed = l.read(abs, l.diags)
	}
	if parsed == nil {
		return nil
	}
	f := *parsed
	f.Key, f.Env = key, env
	l.proj.Files = append(l.proj.Files, &f)
	return &f
}

// read reads one file the walk listed; a pipe, device or socket is
// reported from what the walk saw, without opening it.
func (l *loader) read(abs string, diags *diag.List) *File {
	if kind := l.walk.special[abs]; kind != "" {
		rel := relPath(l.root, abs)
		diags.Reportf(diag.Pos{File: rel}, CodeUnreadableFile, "%s is %s, not a regular file; kfc reads only regular files", rel, kind)
		return nil
	}
	return readConfigFile(l.root, abs, diags)
}
