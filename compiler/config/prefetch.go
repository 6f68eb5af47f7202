package config

import (
	"path/filepath"
	"sort"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/internal/pool"
)

// prefetch reads and parses every file some key's patterns match, on all
// cores, before the (sequential, order-sensitive) merging starts. YAML
// parsing is most of a large project's load time, and files are
// independent. Findings are added in path order, so output is the same as
// a sequential read.
func (l *loader) prefetch() {
	seen := map[string]bool{}
	var paths []string
	for _, e := range l.envs {
		for _, key := range l.keys() {
			for _, rel := range matchConfigFiles(e.files, l.proj.Settings.Patterns[key], e.rel, l.proj.Settings.LoadHidden) {
				abs := filepath.Join(e.dir, filepath.FromSlash(rel))
				if !seen[abs] {
					seen[abs] = true
					paths = append(paths, abs)
				}
			}
		}
	}
	sort.Strings(paths)
	files := make([]*File, len(paths))
	lists := make([]diag.List, len(paths))
	pool.Each(len(paths), func(i int) { files[i] = l.read(paths[i], &lists[i]) })
	for i, p := range paths {
		l.cache[p] = files[i]
		l.diags.Merge(&lists[i])
	}
}
