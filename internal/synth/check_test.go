package synth

// An independent reading of a generated project, with yaml.v3 rather than
// kfc's own loader, that checks what kfc vet would otherwise report: types
// and their arguments (against the kedro-datasets signature table),
// credentials, interpolations, factories, duplicate keys, parameters, and a
// pipelines file whose references all resolve.

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

const signaturesFile = "../../../shared/corpus/kedro/kedro-datasets-9.6.0-init-signatures.json"

type signature struct {
	Type        string `json:"type"`
	Versionable bool   `json:"versionable"`
	Params      []struct {
		Name     string `json:"name"`
		Required bool   `json:"required"`
	} `json:"params"`
}

func loadSignatures(t *testing.T) map[string]signature {
	t.Helper()
	src, err := os.ReadFile(signaturesFile)
	if err != nil {
		t.Skipf("kedro-datasets signature table not found (%v); the corpus lives next to the repository", err)
	}
	var list []signature
	if err := json.Unmarshal(src, &list); err != nil {
		t.Fatal(err)
	}
	out := map[string]signature{}
	for _, s := range list {
		out[s.Type] = s
	}
	return out
}

type project struct {
	files map[string]string
}

func (p project) yaml(t *testing.T, path string) map[string]any {
	t.Helper()
	src, ok := p.files[path]
	if !ok {
		t.Fatalf("missing file %s", path)
	}
	var m map[string]any
	if err := yaml.Unmarshal([]byte(src), &m); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m
}

// configFiles lists conf/<env> files whose path matches Kedro's
// ["<key>*", "<key>*/**", "**/<key>*"] patterns.
func (p project) configFiles(env, key string) []string {
	prefix := "conf/" + env + "/"
	var out []string
	for path := range p.files {
		rel, ok := strings.CutPrefix(path, prefix)
		if !ok {
			continue
		}
		first, _, _ := strings.Cut(rel, "/")
		if strings.HasPrefix(first, key) || strings.HasPrefix(filepath.Base(rel), key) {
			out = append(out, path)
		}
	}
	sort.Strings(out)
	return out
}

// merged reads one env's files for key, failing on a top-level key (not `_`)
// defined twice.
func (p project) merged(t *testing.T, env, key string) map[string]any {
	t.Helper()
	out := map[string]any{}
	where := map[string]string{}
	for _, f := range p.configFiles(env, key) {
		for k, v := range p.yaml(t, f) {
			if prev, dup := where[k]; dup && !strings.HasPrefix(k, "_") {
				t.Errorf("duplicate key %q in %s and %s", k, prev, f)
			}
			where[k] = f
			out[k] = v
		}
	}
	return out
}

func checkProject(t *testing.T, opt Options) {
	t.Helper()
	sigs := loadSignatures(t)
	p := project{files: Files(opt)}

	globals := p.merged(t, "base", "globals")
	credentials := p.merged(t, "local", "credentials")
	base := p.merged(t, "base", "catalog")
	local := p.merged(t, "local", "catalog")

	explicit, patterns := 0, []string{}
	for _, env := range []string{"base", "local"} {
		catalog := map[string]map[string]any{"base": base, "local": local}[env]
		for name, v := range catalog {
			if strings.HasPrefix(name, "_") {
				continue
			}
			entry, ok := v.(map[string]any)
			if !ok {
				t.Errorf("entry %s is not a mapping", name)
				continue
			}
			checkEntry(t, name, entry, sigs, credentials, "")
			checkStrings(t, name, entry, func(s string) error { return resolveRefs(s, globals, catalog) })
			switch {
			case strings.Contains(name, "{"):
				patterns = append(patterns, name)
				allowed := placeholderNames(name)
				checkStrings(t, name, entry, func(s string) error {
					for _, ph := range placeholderNames(withoutInterpolations(s)) {
						if !contains(allowed, ph) {
							return fmt.Errorf("placeholder {%s} not in the pattern", ph)
						}
					}
					return nil
				})
			case env == "base":
				explicit++
			default:
				if _, ok := base[name]; !ok {
					t.Errorf("local entry %s overrides nothing in base", name)
				}
			}
		}
	}
	if explicit != opt.Datasets {
		t.Errorf("%d explicit entries, want %d", explicit, opt.Datasets)
	}
	if len(patterns) != opt.Factories {
		t.Errorf("%d patterns, want %d", len(patterns), opt.Factories)
	}

	params := map[string]any{}
	leafOwner := map[string]string{}
	for _, f := range p.configFiles("base", "parameters") {
		for k, v := range p.yaml(t, f) {
			for _, leaf := range leaves(k, v) {
				if prev, dup := leafOwner[leaf]; dup {
					t.Errorf("parameter %s in %s and %s", leaf, prev, f)
				}
				leafOwner[leaf] = f
			}
			params[k] = v
		}
	}
	if n := len(leafOwner); n < opt.Params {
		t.Errorf("%d parameter leaves, want at least %d", n, opt.Params)
	}

	if opt.Nodes == 0 {
		if _, ok := p.files["conf/base/pipelines.yml"]; ok {
			t.Error("pipelines.yml written with Nodes == 0")
		}
		return
	}
	catalogNames := map[string]bool{}
	for name := range base {
		if !strings.HasPrefix(name, "_") && !strings.Contains(name, "{") {
			catalogNames[name] = true
		}
	}
	checkPipelines(t, p, opt, catalogNames, patterns, params)
}

// checkEntry checks one entry's arguments; filled is an argument its
// container supplies (a PartitionedDataset's filepath_arg).
func checkEntry(t *testing.T, name string, entry map[string]any, sigs map[string]signature, credentials map[string]any, filled string) {
	t.Helper()
	typ, _ := entry["type"].(string)
	sig, ok := sigs[typ]
	if !ok {
		t.Errorf("%s: unknown type %q", name, typ)
		return
	}
	args := map[string]bool{"type": true, "versioned": true}
	for _, p := range sig.Params {
		args[p.Name] = true
		if _, given := entry[p.Name]; p.Required && !given && p.Name != filled {
			t.Errorf("%s: %s needs %s", name, typ, p.Name)
		}
	}
	for key := range entry {
		if !args[key] || key == "version" {
			t.Errorf("%s: %s takes no argument %q", name, typ, key)
		}
	}
	if v, _ := entry["versioned"].(bool); v && !sig.Versionable {
		t.Errorf("%s: %s cannot be versioned", name, typ)
	}
	if c, ok := entry["credentials"].(string); ok {
		if _, found := credentials[c]; !found {
			t.Errorf("%s: credentials %q not defined", name, c)
		}
	}
	switch nested := entry["dataset"].(type) {
	case string:
		if _, ok := sigs[nested]; !ok {
			t.Errorf("%s: unknown nested type %q", name, nested)
		}
	case map[string]any:
		if _, given := nested["filepath"]; given {
			t.Errorf("%s: the nested dataset's filepath is set by the partition", name)
		}
		checkEntry(t, name+".dataset", nested, sigs, credentials, "filepath")
	}
}

var interp = regexp.MustCompile(`\$\{([^}]*)\}`)

// resolveRefs checks each ${globals:a.b} and ${_key} in s.
func resolveRefs(s string, globals, catalog map[string]any) error {
	for _, m := range interp.FindAllStringSubmatch(s, -1) {
		ref := m[1]
		if g, ok := strings.CutPrefix(ref, "globals:"); ok {
			if _, found := lookup(globals, g); !found {
				return fmt.Errorf("globals key %s not found", g)
			}
			continue
		}
		v, found := lookup(catalog, ref)
		if !found {
			return fmt.Errorf("interpolation ${%s} not found", ref)
		}
		if str, ok := v.(string); ok {
			if err := resolveRefs(str, globals, catalog); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkStrings(t *testing.T, name string, v any, check func(string) error) {
	t.Helper()
	switch v := v.(type) {
	case string:
		if err := check(v); err != nil {
			t.Errorf("%s: %q: %v", name, v, err)
		}
	case map[string]any:
		for k, item := range v {
			checkStrings(t, name+"."+k, item, check)
		}
	case []any:
		for _, item := range v {
			checkStrings(t, name, item, check)
		}
	}
}

var phRe = regexp.MustCompile(`\{([^{}]*)\}`)

func placeholderNames(s string) []string {
	var out []string
	for _, m := range phRe.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

func withoutInterpolations(s string) string { return interp.ReplaceAllString(s, "") }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

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

func leaves(prefix string, v any) []string {
	m, ok := v.(map[string]any)
	if !ok {
		return []string{prefix}
	}
	var out []string
	for k, item := range m {
		out = append(out, leaves(prefix+"."+k, item)...)
	}
	return out
}

// matchesPattern is Kedro's parse-based matching, case-insensitive.
func matchesPattern(pattern, name string) bool {
	var re strings.Builder
	last := 0
	for _, loc := range phRe.FindAllStringIndex(pattern, -1) {
		re.WriteString(regexp.QuoteMeta(pattern[last:loc[0]]) + "(.+?)")
		last = loc[1]
	}
	re.WriteString(regexp.QuoteMeta(pattern[last:]))
	return regexp.MustCompile("(?i)^" + re.String() + "$").MatchString(name)
}
