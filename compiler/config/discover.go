package config

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/internal/safefs"
)

// configExts are the only file suffixes OmegaConfigLoader reads
// (`_is_valid_config_path`; matched case-sensitively, as Path.suffix is).
var configExts = map[string]bool{".yml": true, ".yaml": true, ".json": true}

// envWalk lists the files below a conf/ environment folder without ever
// leaving the project: a symlink whose target is outside the project
// folder is reported (once) and not followed, an unreadable folder is
// reported instead of silently holding nothing, and pipes, devices and
// sockets are listed (they match patterns as files do) but marked so that
// they are reported, never opened.
type envWalk struct {
	root, realRoot string // the project folder, as given and with symlinks resolved
	skipHidden     bool   // folders and files whose name starts with "." cannot be loaded
	readDir        func(string) ([]os.DirEntry, error)
	diags          *diag.List
	reported       map[string]bool   // findings already made, by project-relative path
	seen           map[string]bool   // real folders visited (symlinked folders are followed once)
	special        map[string]string // absolute path -> what it is, for pipes, devices, sockets
	realOf         map[string]string // absolute path -> real path, for files reached through a link
}

// list returns every file below envDir as a path relative to envDir with
// forward slashes, sorted. Symlinked folders inside the project are
// followed (as fsspec's local glob does) but each real folder is visited
// once. It costs one readdir per folder and one stat per symlink; plain
// entries are typed by the readdir itself.
func (w *envWalk) list(envDir string) []string {
	real, err := filepath.EvalSymlinks(envDir)
	if err != nil {
		w.unreadable(envDir, err)
		return nil
	}
	if !safefs.Within(w.realRoot, real) {
		w.outside(envDir)
		return nil
	}
	w.seen = map[string]bool{} // per environment: base may hold the run env's folder
	var out []string
	var walk func(dir, real, rel string, linked bool)
	walk = func(dir, real, rel string, linked bool) {
		if w.seen[real] {
			return
		}
		w.seen[real] = true
		entries, err := w.readDir(dir)
		if err != nil {
			w.unreadable(dir, err)
			if len(entries) == 0 {
				return
			}
		}
		for _, e := range entries {
			name := e.Name()
			if w.skipHidden && strings.HasPrefix(name, ".") {
				continue
			}
			full := filepath.Join(dir, name)
			childRel := name
			if rel != "" {
				childRel = rel + "/" + name
			}
			childReal, childLinked := filepath.Join(real, name), linked
			mode := e.Type()
			if mode&fs.ModeSymlink != 0 {
				target, err := filepath.EvalSymlinks(full)
				if err != nil {
					if !errors.Is(err, fs.ErrNotExist) {
						w.unreadable(full, err)
					}
					continue // a dangling link holds nothing to load
				}
				if !safefs.Within(w.realRoot, target) {
					w.outside(full)
					continue
				}
				fi, err := os.Stat(target)
				if err != nil {
					w.unreadable(full, err)
					continue
				}
				mode, childReal, childLinked = fi.Mode().Type(), target, true
			}
			switch {
			case mode.IsDir():
				walk(full, childReal, childRel, childLinked)
			case mode.IsRegular():
				out = append(out, childRel)
				if childLinked {
					w.realOf[full] = childReal
				}
			default:
				out = append(out, childRel)
				w.special[full] = safefs.Kind(mode)
			}
		}
	}
	// Linked: reached through a link below the project folder (a project
	// folder that is itself under a link, /tmp on macOS, does not count).
	linked := true
	if r, err := filepath.Rel(w.root, envDir); err == nil {
		linked = real != filepath.Join(w.realRoot, r)
	}
	walk(envDir, real, "", linked)
	sort.Strings(out)
	return out
}

// outside reports a link out of the project, naming the link, not what it
// points to.
func (w *envWalk) outside(full string) {
	rel := relPath(w.root, full)
	if w.reported[rel] {
		return
	}
	w.reported[rel] = true
	w.diags.Reportf(diag.Pos{File: rel}, safefs.CodeOutside,
		"%s is a symbolic link that leads outside the project folder; kfc does not follow it, so what it points to is not checked", rel)
}

// unreadable reports a folder (or link) the walk cannot read. Kedro's
// fsspec walk skips such a folder silently (on_error="omit"), so what it
// loads then depends on who runs it: a warning, never a silent pass.
func (w *envWalk) unreadable(full string, err error) {
	rel := relPath(w.root, full)
	if w.reported[rel] {
		return
	}
	w.reported[rel] = true
	w.diags.Reportf(diag.Pos{File: rel}, CodeUnreadableFolder,
		"cannot read %s: %s; Kedro skips it too, so any configuration in it is ignored, and a run by another user may load more", rel, cleanIOError(err, w.root))
}

// matchConfigFiles returns the files (relative to an env folder) that any of
// patterns matches and that OmegaConfigLoader would load: a .yml/.yaml/.json
// suffix and, unless loadHidden, no path part starting with "." (hidden
// parts are judged relative to the conf folder, so envPrefix, the env
// folder relative to it, counts too). Order: sorted by path. Kedro loads a
// Python set of paths, whose order changes with the hash seed, so there is
// no order to copy; sorting makes kfc's merge order deterministic.
func matchConfigFiles(files []string, patterns []string, envPrefix string, loadHidden bool) []string {
	if !loadHidden && hasHiddenPart(envPrefix) {
		return nil
	}
	var out []string
	for _, f := range files {
		if !configExts[path.Ext(f)] {
			continue
		}
		if !loadHidden && hasHiddenPart(f) {
			continue
		}
		for _, p := range patterns {
			if globMatch(p, f) {
				out = append(out, f)
				break
			}
		}
	}
	return out
}

func hasHiddenPart(rel string) bool {
	for _, part := range strings.Split(rel, "/") {
		if strings.HasPrefix(part, ".") && part != "." && part != ".." {
			return true
		}
	}
	return false
}

// globMatch matches a slash-separated relative path against a glob the way
// fsspec's glob (Python's glob.translate with recursive=True and
// include_hidden=True) does: `**` as a whole path part matches any number
// of parts (at least one when it ends the pattern), `*`, `?` and `[...]`
// stay within one part.
func globMatch(pattern, name string) bool {
	pattern = strings.TrimPrefix(path.Clean("/"+pattern), "/")
	return matchParts(strings.Split(pattern, "/"), strings.Split(name, "/"))
}

func matchParts(pat, parts []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			if len(pat) == 1 {
				return len(parts) >= 1
			}
			for i := 0; i <= len(parts); i++ {
				if matchParts(pat[1:], parts[i:]) {
					return true
				}
			}
			return false
		}
		if len(parts) == 0 || !matchPart(pat[0], parts[0]) {
			return false
		}
		pat, parts = pat[1:], parts[1:]
	}
	return len(parts) == 0
}

// matchPart is fnmatch on one path part: Python's `[!x]` negation is Go's
// `[^x]`, and a malformed pattern matches nothing.
func matchPart(pat, part string) bool {
	if strings.Contains(pat, "[!") {
		pat = strings.ReplaceAll(pat, "[!", "[^")
	}
	ok, err := path.Match(pat, part)
	return err == nil && ok
}
