package config

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// findMLproject returns the absolute path of the project's MLproject file,
// or "". MLflow (`_find_mlproject`) accepts any casing of the name; when a
// case-sensitive file system holds several, the exact "MLproject" wins,
// else the first in byte order (MLflow's own pick follows os.listdir).
func findMLproject(root string) string {
	entries, err := os.ReadDir(root)
	if err != nil {
		return ""
	}
	var found []string
	for _, e := range entries {
		// Anything but a folder: a pipe, a device or a link out of the
		// project is refused, with a finding, when it is read.
		if strings.EqualFold(e.Name(), "MLproject") && !isDir(filepath.Join(root, e.Name())) {
			found = append(found, e.Name())
		}
	}
	if len(found) == 0 {
		return ""
	}
	sort.Strings(found)
	for _, f := range found {
		if f == "MLproject" {
			return filepath.Join(root, f)
		}
	}
	return filepath.Join(root, found[0])
}

// readMLproject reads and parses the MLproject file as MLflow does (plain
// yaml.safe_load typing); its checks belong to package mlproject.
func readMLproject(root, abs string, diags *diag.List) *File {
	f := readNamed(root, relPath(root, abs), diags)
	if f == nil {
		return nil
	}
	f.Key = KeyMLproject
	f.Root, f.Broken = parseFile(f, tree.PyYAML, diags)
	return f
}
