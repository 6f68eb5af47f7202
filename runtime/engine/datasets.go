package engine

import (
	"bytes"
	"encoding/json"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kfc-dev/kfc/compiler/plan"
	"github.com/kfc-dev/kfc/internal/py"
	"github.com/kfc-dev/kfc/runtime/kedrorun"
)

// isExternal reports whether d is not a local file kfc can stage, promote
// and hash: a URL (s3://, gs://, http://, ...), a SQL table or query (a
// `table_name`, `sql` or `query` in its configuration, or a SQL dataset
// type), or a persisted dataset without a path (an API, a database
// connection). Run-folder (persisted: false) datasets are local files.
func isExternal(d *plan.Dataset) bool {
	if !d.Persisted {
		return false
	}
	if strings.Contains(d.Path, "://") || d.Path == "" {
		return true
	}
	if strings.Contains(strings.ToLower(d.Type), "sql") {
		return true
	}
	// Decoding the configuration is the cost of this check, and it runs for
	// every input and output of every node: skip it when no key can be there.
	if !bytes.Contains(d.Config, []byte("table_name")) && !bytes.Contains(d.Config, []byte("sql")) && !bytes.Contains(d.Config, []byte("query")) {
		return false
	}
	var cfg map[string]json.RawMessage
	if json.Unmarshal(d.Config, &cfg) == nil {
		for _, k := range []string{"table_name", "sql", "query"} {
			if _, ok := cfg[k]; ok {
				return true
			}
		}
	}
	return false
}

// versionedPath is Kedro's layout: <path>/<version>/<basename of path>.
func versionedPath(base, version string) string {
	return path.Join(base, version, path.Base(base))
}

// datasetPath is where d is read or written in this run, with {run_id}
// replaced and, for a versioned dataset, the version folder added.
func datasetPath(d *plan.Dataset, runID, version string) string {
	p := strings.ReplaceAll(d.Path, plan.RunIDToken, runID)
	if d.Versioned {
		return versionedPath(p, version)
	}
	return p
}

// abs makes a project-relative path absolute.
func abs(root, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(root, filepath.FromSlash(p))
}

// latestVersion is the version Kedro loads when none is pinned: the
// lexicographically greatest folder under base that holds the file (Kedro's
// _fetch_latest_load_version globs <path>/*/<basename> and sorts). Empty
// when there is none.
func latestVersion(root, base string) string {
	dir := abs(root, base)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(names)))
	for _, v := range names {
		if _, err := os.Stat(filepath.Join(dir, v, path.Base(base))); err == nil {
			return v
		}
	}
	return ""
}

// baseName is a dataset name without its transcoding suffix (x@pandas -> x),
// the name {version:NAME} tokens use.
func baseName(name string) string {
	if i := strings.IndexByte(name, '@'); i >= 0 {
		return name[:i]
	}
	return name
}

// safeName turns a node id or name into one path component.
func safeName(s string) string {
	b := []byte(s)
	for i, c := range b {
		ok := c == '.' || c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !ok {
			b[i] = '_'
		}
	}
	return string(b)
}

// isBoundary is a character that may surround a path inside a command:
// white space, a quote, '=' or ':' (--out=PATH, key:PATH), and the shell's
// operators (; & | < > ( ) and the backquote), which no plan path holds.
func isBoundary(c byte) bool {
	return strings.IndexByte(" \t\n'\"=:;&|<>()`", c) >= 0
}

// replacePath replaces the whole occurrences of old in s by new: old
// preceded by the start of s or a boundary and
// followed by the end of s, a boundary (isBoundary) or a '/' (a file inside
// a folder output: {out.parts}/p1.csv). A longer path that merely
// contains old (data/x.csv in data/x.csv.bak or in backup/data/x.csv) is
// left alone.
func replacePath(s, old, new string) string {
	if old == "" || !strings.Contains(s, old) {
		return s
	}
	var b strings.Builder
	i := 0
	for {
		j := strings.Index(s[i:], old)
		if j < 0 {
			b.WriteString(s[i:])
			return b.String()
		}
		j += i
		end := j + len(old)
		if (j == 0 || isBoundary(s[j-1])) && (end == len(s) || isBoundary(s[end]) || s[end] == '/') {
			b.WriteString(s[i:j])
			b.WriteString(new)
		} else {
			b.WriteString(s[i:end])
		}
		i = end
	}
}

// commandString is the command as the lock and the manifest record it:
// the shell string, or the argv shell-quoted and joined.
func commandString(c plan.Command) string {
	if c.Kedro != nil {
		return kedrorun.Display(c.Kedro)
	}
	if c.Shell != "" {
		return c.Shell
	}
	q := make([]string, len(c.Argv))
	for i, a := range c.Argv {
		q[i] = py.ShellQuote(a)
	}
	return strings.Join(q, " ")
}
