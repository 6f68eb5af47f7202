package lint

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/pyproject"
	"github.com/kfc-dev/kfc/compiler/tree"
	"github.com/kfc-dev/kfc/internal/safefs"
	"github.com/kfc-dev/kfc/schema"
)

// RuleSettings is the rule id for problems in kfc's own settings.
const RuleSettings = "kfc-settings"

func init() {
	Register(&Rule{Name: RuleSettings, Code: schema.CodeTypeRedeclared, Severity: diag.Warning,
		Doc: "[tool.kfc] or .kfc.yaml has a key its schema does not declare, names an unknown rule or level, tries to silence an error, or declares a dataset type kfc already knows"})
}

// Settings are the user's per-rule and per-path choices and node runs, from [tool.kfc] in
// pyproject.toml or, when that has none, from .kfc.yaml.
type Settings struct {
	Levels map[string]string // rule -> off | info | warning | error
	Paths  []PathSetting
	// NodeRuns is tracking.node_runs: kfc exec records each node that
	// runs as an MLflow child run of the kfc run (docs/tracking.md).
	NodeRuns  bool
	File      string // project-relative file the settings came from
	src       []byte
	checkKeys bool // report keys schema/settings.cue does not declare
}

// PathSetting turns rules off for the files a glob matches.
type PathSetting struct {
	Glob   string
	Ignore []string // rule ids, or "*" for every rule that may be silenced
	re     *regexp.Regexp
}

type tomlSettings struct {
	Tool struct {
		KFC struct {
			Rules map[string]any `toml:"rules"`
			Paths []struct {
				Path   string   `toml:"path"`
				Ignore []string `toml:"ignore"`
			} `toml:"paths"`
			Tracking struct {
				NodeRuns *bool `toml:"node_runs"`
			} `toml:"tracking"`
		} `toml:"kfc"`
	} `toml:"tool"`
}

// LoadSettings reads the settings of the project at root from its parsed
// pyproject.toml (config.Project.Pyproject; nil when there is none) or its
// .kfc.yaml. Problems are findings of rule kfc-settings; no file means no
// settings.
func LoadSettings(root string, pp *pyproject.Doc, diags *diag.List) *Settings {
	return loadSettings(root, pp, diags, true)
}

// ReadSettings is LoadSettings for a caller that only needs the values
// (kfc exec's node_runs, kfc rules' levels): it skips the unknown-key
// check, which compiles kfc's CUE schemas (about 20 ms) for warnings that
// only kfc vet prints.
func ReadSettings(root string, pp *pyproject.Doc) *Settings {
	return loadSettings(root, pp, &diag.List{}, false)
}

func loadSettings(root string, pp *pyproject.Doc, diags *diag.List, checkKeys bool) *Settings {
	s := &Settings{Levels: map[string]string{}, checkKeys: checkKeys}
	// Unreadable or outside: the config loader reports pyproject.toml.
	if pp != nil {
		src := pp.Src
		var t tomlSettings
		err := pp.Err
		if err == nil {
			err = pp.Decode("tool", &t.Tool)
		}
		if checkKeys && !errors.As(err, new(toml.ParseError)) {
			warnUnknownToolKfcKeys(pp, diags)
		}
		at := "" // the key a shape error is about, for its position
		for _, key := range [][]string{{"tool"}, {"tool", "kfc"}, {"tool", "kfc", "rules"}} {
			// Report a non-table by name, before the decoder's message
			// (which spells out Go types) or its silence (for rules).
			if typ := pp.Type(key...); typ != "" && typ != "Table" && typ != "Hash" && !errors.As(err, new(toml.ParseError)) {
				err = fmt.Errorf("%s is %s, not a table", strings.Join(key, "."), strings.ToLower(typ))
				at = key[len(key)-1]
				break
			}
		}
		if typ := pp.Type("tool", "kfc", "tracking", "node_runs"); err != nil && at == "" && typ != "" && typ != "Bool" && !errors.As(err, new(toml.ParseError)) {
			err = fmt.Errorf("tool.kfc.tracking.node_runs is %s, not true or false", strings.ToLower(typ))
			at = "node_runs"
		}
		var syntax toml.ParseError
		switch {
		case errors.As(err, &syntax):
			// A syntax error is the config loader's finding (invalid-settings).
		case err != nil:
			// rules or paths of the wrong shape: say so rather than
			// silently apply none of them.
			s.File, s.src = "pyproject.toml", src
			reportf(diags, s.tomlErrorPos(err, at), RuleSettings, "[tool.kfc] rules and paths are not applied: %s (expected [tool.kfc.rules] rule = \"level\" and [[tool.kfc.paths]] path = \"glob\", ignore = [\"rule\"])", strings.TrimPrefix(err.Error(), "toml: "))
		case len(t.Tool.KFC.Rules) > 0 || len(t.Tool.KFC.Paths) > 0 || t.Tool.KFC.Tracking.NodeRuns != nil:
			s.File, s.src = "pyproject.toml", src
			s.NodeRuns = t.Tool.KFC.Tracking.NodeRuns != nil && *t.Tool.KFC.Tracking.NodeRuns
			for k, v := range t.Tool.KFC.Rules {
				s.Levels[k] = fmt.Sprint(v)
			}
			for _, p := range t.Tool.KFC.Paths {
				s.Paths = append(s.Paths, PathSetting{Glob: p.Path, Ignore: p.Ignore})
			}
		}
	}
	if s.File == "" {
		src, err := safefs.ReadFile(root, ".kfc.yaml")
		switch {
		case err == nil:
			s.File, s.src = ".kfc.yaml", src
			s.readYAML(tree.Parse(".kfc.yaml", src, diags), diags)
		case errors.Is(err, safefs.ErrOutside):
			diags.Reportf(diag.Pos{File: ".kfc.yaml"}, safefs.CodeOutside, "%s; its settings are not applied", safefs.Message(err))
		case !errors.Is(err, fs.ErrNotExist):
			reportf(diags, diag.Pos{File: ".kfc.yaml"}, RuleSettings, "%s; its settings are not applied", readProblem(".kfc.yaml", err))
		}
	}
	s.validate(diags)
	ClassifyAll(diags) // .kfc.yaml's YAML problems
	return s
}

func (s *Settings) readYAML(root *tree.Node, diags *diag.List) {
	if root == nil {
		return
	}
	if root.Kind != tree.Map {
		reportf(diags, root.Pos(), RuleSettings, ".kfc.yaml must be a mapping with `rules` and `paths`")
		return
	}
	for _, p := range root.Pairs {
		empty := p.Value == nil || p.Value.Kind == tree.Null // `rules:` with nothing under it
		switch p.Key {
		case "rules":
			if empty {
				continue
			}
			if p.Value.Kind != tree.Map {
				reportf(diags, p.Value.Pos(), RuleSettings, ".kfc.yaml rules must be a mapping of rule id to level (off, info, warning or error)")
				continue
			}
			for _, r := range p.Value.Pairs {
				level := r.Value.Str()
				if r.Value.Kind == tree.Bool && !r.Value.Bool {
					level = "off" // YAML 1.1 reads a bare `off` as false
				}
				s.Levels[r.Key] = level
			}
		case "paths":
			if empty {
				continue
			}
			if p.Value.Kind != tree.Seq {
				reportf(diags, p.Value.Pos(), RuleSettings, ".kfc.yaml paths must be a list of {path: glob, ignore: [rule, ...]}")
				continue
			}
			for _, item := range p.Value.Items {
				if item == nil || item.Kind != tree.Map {
					reportf(diags, posOrFile(item, p.Value.Pos()), RuleSettings, ".kfc.yaml paths: each item must be a mapping {path: glob, ignore: [rule, ...]}")
					continue
				}
				if s.checkKeys {
					warnUnknownKeys(item, "#PathSetting", ".kfc.yaml paths item", diags)
				}
				glob := item.Get("path")
				if glob == nil || glob.Kind != tree.String {
					reportf(diags, posOrFile(glob, item.Pos()), RuleSettings, ".kfc.yaml paths: path must be a glob such as conf/**")
					continue
				}
				ps := PathSetting{Glob: glob.Text}
				if ig := item.Get("ignore"); ig != nil {
					if ig.Kind != tree.Seq {
						reportf(diags, ig.Pos(), RuleSettings, ".kfc.yaml paths: ignore must be a list of rule ids")
					}
					for _, it := range ig.Items {
						ps.Ignore = append(ps.Ignore, it.Str())
					}
				}
				s.Paths = append(s.Paths, ps)
			}
		case "tracking":
			s.readTrackingYAML(p.Value, diags)
		default:
			reportf(diags, p.KeyPos(), RuleSettings, "unknown key %q in .kfc.yaml (expected rules, paths or tracking)", p.Key)
		}
	}
}

// readTrackingYAML reads .kfc.yaml's tracking: {node_runs: true|false}.
func (s *Settings) readTrackingYAML(v *tree.Node, diags *diag.List) {
	if v == nil || v.Kind == tree.Null {
		return
	}
	if v.Kind != tree.Map {
		reportf(diags, v.Pos(), RuleSettings, ".kfc.yaml tracking must be a mapping such as {node_runs: true}")
		return
	}
	for _, p := range v.Pairs {
		if p.Key != "node_runs" {
			reportf(diags, p.KeyPos(), RuleSettings, "unknown key %q in .kfc.yaml tracking (expected node_runs)", p.Key)
			continue
		}
		if p.Value == nil || p.Value.Kind != tree.Bool {
			reportf(diags, p.KeyPos(), RuleSettings, ".kfc.yaml tracking.node_runs must be true or false")
			continue
		}
		s.NodeRuns = p.Value.Bool
	}
}

// posOf finds where a word is written in the settings file, for findings.
func (s *Settings) posOf(word string) diag.Pos {
	for i, line := range bytes.Split(s.src, []byte("\n")) {
		if c := bytes.Index(line, []byte(word)); c >= 0 {
			return diag.Pos{File: s.File, Line: i + 1, Col: c + 1}
		}
	}
	return diag.Pos{File: s.File}
}

// tomlLineRE reads the line BurntSushi/toml names in a decoding error.
var tomlLineRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^toml: line (\d+)`) })

// tomlErrorPos is the line a TOML decoding error names, else where key
// is first written.
func (s *Settings) tomlErrorPos(err error, key string) diag.Pos {
	if m := tomlLineRE().FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		return diag.Pos{File: s.File, Line: line, Col: 1}
	}
	return s.posOf(key)
}

func (s *Settings) validate(diags *diag.List) {
	for name, level := range s.Levels {
		r := Lookup(name)
		switch {
		case r == nil:
			reportf(diags, s.posOf(name), RuleSettings, "unknown rule %q%s", name, didYouMean(name, ruleNames()))
			delete(s.Levels, name)
		case level != "off" && level != "info" && level != "warning" && level != "error":
			reportf(diags, s.posOf(name), RuleSettings, "rule %s: unknown level %q (expected off, info, warning or error)", name, level)
			delete(s.Levels, name)
		case r.Severity == diag.Error && level != "error":
			reportf(diags, s.posOf(name), RuleSettings, "rule %s reports errors, which cannot be silenced or lowered", name)
			delete(s.Levels, name)
		}
	}
	for i := range s.Paths {
		p := &s.Paths[i]
		p.re = globRegexp(p.Glob)
		for _, id := range p.Ignore {
			if id != "*" && Lookup(id) == nil {
				reportf(diags, s.posOf(id), RuleSettings, "unknown rule %q%s", id, didYouMean(id, ruleNames()))
			}
		}
	}
}

func ruleNames() []string {
	var out []string
	for _, r := range Rules() {
		out = append(out, r.Name)
	}
	return out
}

// globRegexp compiles a path glob: `**` crosses folders, `*` and `?` do not.
func globRegexp(glob string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(glob); i++ {
		switch c := glob[i]; {
		case strings.HasPrefix(glob[i:], "**/"):
			b.WriteString("(?:.*/)?")
			i += 2
		case strings.HasPrefix(glob[i:], "**"):
			b.WriteString(".*")
			i++
		case c == '*':
			b.WriteString("[^/]*")
		case c == '?':
			b.WriteString("[^/]")
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// readProblem says why a file could not be read, naming it once.
func readProblem(rel string, err error) string {
	if errors.Is(err, safefs.ErrNotRegular) || errors.Is(err, safefs.ErrTooLarge) || errors.Is(err, safefs.ErrOutside) {
		return safefs.Message(err)
	}
	return "cannot read " + rel + ": " + safefs.Message(err)
}
