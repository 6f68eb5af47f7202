package examples

// A deliberately small reading of the example's conf/ (no kfc packages): just
// enough of Kedro's rules to turn dataset names into file paths and parameter
// names into values, so that example_test.go can run the node scripts the way
// the pipelines file describes them. kfc's own compiler is tested elsewhere.

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// readYAML decodes one file; yaml.v3 expands anchors and `<<` merge keys.
func readYAML(path string, into any) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := yaml.Unmarshal(src, into); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// readMerged reads every file matching the glob and merges their top-level keys.
func readMerged(glob string) (map[string]any, error) {
	files, err := filepath.Glob(glob)
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	merged := map[string]any{}
	for _, f := range files {
		var m map[string]any
		if err := readYAML(f, &m); err != nil {
			return nil, err
		}
		for k, v := range m {
			if _, dup := merged[k]; dup {
				return nil, fmt.Errorf("%s: duplicate top-level key %q", f, k)
			}
			merged[k] = v
		}
	}
	return merged, nil
}

// lookup follows a dotted path through nested maps.
func lookup(root map[string]any, dotted string) (any, bool) {
	var cur any = root
	for _, part := range strings.Split(dotted, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[part]; !ok {
			return nil, false
		}
	}
	return cur, true
}

var globalsRef = regexp.MustCompile(`\$\{globals:([\w.]+)\}`)

// catalog resolves dataset names to local paths.
type catalog struct {
	entries  map[string]map[string]any
	patterns []string // factory keys, best first
	version  string   // the save/load version used for versioned datasets
}

func loadCatalog(confBase, version string) (*catalog, error) {
	globals := map[string]any{}
	if err := readYAML(filepath.Join(confBase, "globals.yml"), &globals); err != nil {
		return nil, err
	}
	raw, err := readMerged(filepath.Join(confBase, "catalog*.yml"))
	if err != nil {
		return nil, err
	}
	c := &catalog{entries: map[string]map[string]any{}, version: version}
	for name, v := range raw {
		if strings.HasPrefix(name, "_") {
			continue
		}
		entry, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("catalog entry %q is not a mapping", name)
		}
		resolved, err := interpolateGlobals(entry, globals)
		if err != nil {
			return nil, fmt.Errorf("catalog entry %q: %w", name, err)
		}
		c.entries[name] = resolved.(map[string]any)
		if strings.Contains(name, "{") {
			c.patterns = append(c.patterns, name)
		}
	}
	// Kedro's ranking: more literal characters, then more placeholders, then by name.
	sort.Slice(c.patterns, func(i, j int) bool {
		a, b := c.patterns[i], c.patterns[j]
		if la, lb := len(placeholder.ReplaceAllString(a, "")), len(placeholder.ReplaceAllString(b, "")); la != lb {
			return la > lb
		}
		if ca, cb := strings.Count(a, "{"), strings.Count(b, "{"); ca != cb {
			return ca > cb
		}
		return a < b
	})
	return c, nil
}

func interpolateGlobals(v any, globals map[string]any) (any, error) {
	switch v := v.(type) {
	case string:
		var missing string
		out := globalsRef.ReplaceAllStringFunc(v, func(ref string) string {
			key := globalsRef.FindStringSubmatch(ref)[1]
			val, ok := lookup(globals, key)
			if !ok {
				missing = key
			}
			return fmt.Sprint(val)
		})
		if missing != "" {
			return nil, fmt.Errorf("globals key %q not found", missing)
		}
		return out, nil
	case map[string]any:
		out := map[string]any{}
		for k, item := range v {
			r, err := interpolateGlobals(item, globals)
			if err != nil {
				return nil, err
			}
			out[k] = r
		}
		return out, nil
	}
	return v, nil
}

var placeholder = regexp.MustCompile(`\{(\w+)\}`)

// resolve returns the entry for name: explicit first, then the best factory.
func (c *catalog) resolve(name string) (map[string]any, bool) {
	if e, ok := c.entries[name]; ok {
		return e, true
	}
	for _, pattern := range c.patterns {
		// parse's untyped field is a lazy ".+?"; matching is case-insensitive.
		var re strings.Builder
		var fields []string
		last := 0
		for _, loc := range placeholder.FindAllStringSubmatchIndex(pattern, -1) {
			re.WriteString(regexp.QuoteMeta(pattern[last:loc[0]]))
			re.WriteString("(.+?)")
			fields = append(fields, pattern[loc[2]:loc[3]])
			last = loc[1]
		}
		re.WriteString(regexp.QuoteMeta(pattern[last:]))
		m := regexp.MustCompile("(?i)^" + re.String() + "$").FindStringSubmatch(name)
		if m == nil {
			continue
		}
		values := map[string]string{}
		for i, f := range fields {
			values[f] = m[i+1]
		}
		return substitute(c.entries[pattern], values).(map[string]any), true
	}
	return nil, false
}

func substitute(v any, values map[string]string) any {
	switch v := v.(type) {
	case string:
		return placeholder.ReplaceAllStringFunc(v, func(ref string) string {
			return values[ref[1:len(ref)-1]]
		})
	case map[string]any:
		out := map[string]any{}
		for k, item := range v {
			out[k] = substitute(item, values)
		}
		return out
	}
	return v
}

// path is where a node reads or writes the dataset, with Kedro's versioned
// layout <filepath>/<version>/<basename> when the entry is versioned.
func (c *catalog) path(name string) (string, error) {
	entry, ok := c.resolve(name)
	if !ok {
		return "", fmt.Errorf("dataset %q: no catalog entry or factory (the example persists every dataset)", name)
	}
	if nested, ok := entry["dataset"].(map[string]any); ok { // MlflowArtifactDataset
		entry = nested
	}
	fp, ok := entry["filepath"].(string)
	if !ok {
		return "", fmt.Errorf("dataset %q: entry has no filepath", name)
	}
	if versioned, _ := entry["versioned"].(bool); versioned {
		fp = fp + "/" + c.version + "/" + filepath.Base(fp)
	}
	return fp, nil
}
