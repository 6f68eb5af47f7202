package config

import (
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// configExts are the only file suffixes OmegaConfigLoader reads
// (`_is_valid_config_path`; matched case-sensitively, as Path.suffix is).
var configExts = map[string]bool{".yml": true, ".yaml": true, ".json": true}

// listEnvFiles returns every regular file below envDir as a path relative
// to envDir with forward slashes, sorted. Symlinked folders are followed
// (as fsspec's local glob does) but each real folder is visited once.
// With skipHidden, folders whose name starts with "." are not entered:
// their files could never be loaded.
func listEnvFiles(envDir string, skipHidden bool) []string {
	var out []string
	seen := map[string]bool{}
	var walk func(dir, rel string)
	walk = func(dir, rel string) {
		real, err := filepath.EvalSymlinks(dir)
		if err != nil || seen[real] {
			return
		}
		seen[real] = true
		entries, err := os.ReadDir(dir)
		if err != nil {
			return // an unreadable folder holds nothing kfc can load
		}
		for _, e := range entries {
			name := e.Name()
			if skipHidden && strings.HasPrefix(name, ".") {
				continue
			}
			full := filepath.Join(dir, name)
			childRel := name
			if rel != "" {
				childRel = rel + "/" + name
			}
			fi, err := os.Stat(full) // follows symlinks
			if err != nil {
				continue
			}
			switch {
			case fi.IsDir():
				walk(full, childRel)
			case fi.Mode().IsRegular():
				out = append(out, childRel)
			}
		}
	}
	walk(envDir, "")
	sort.Strings(out)
	return out
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
