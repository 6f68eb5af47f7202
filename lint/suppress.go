package lint

import (
	"bytes"
	"regexp"
	"strings"
	"sync"

	"github.com/kfc-dev/kfc/compiler/diag"
)

// RuleIgnore is the rule id for misused inline ignore comments.
const RuleIgnore = "kfc-ignore"

func init() {
	Register(&Rule{Name: RuleIgnore, Severity: diag.Warning,
		Doc: "a `# kfc:ignore` comment names an unknown rule or an error rule (errors cannot be ignored)"})
}

// ignoreRE finds `# kfc:ignore rule-a, rule-b` in a line.
var ignoreRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`#\s*kfc:ignore\b[ \t]*([\w\-, \t]*)`) })

// Suppress applies the user's settings and inline ignore comments. Only
// findings below error level can be silenced or re-levelled: an error
// means Kedro or MLflow would fail, and hiding it would hide the failure.
// files are every file that may hold inline comments (each is checked for
// misused ones even when it has no finding); src returns a
// project-relative file's content.
func Suppress(items []diag.Diagnostic, s *Settings, files []string, src func(file string) []byte) []diag.Diagnostic {
	inline := map[string]map[int][]string{} // file -> line -> rule ids
	var extra []diag.Diagnostic
	lines := func(file string) map[int][]string {
		if m, ok := inline[file]; ok {
			return m
		}
		m, bad := inlineIgnores(file, src(file))
		inline[file] = m
		extra = append(extra, bad...)
		return m
	}
	for _, f := range files {
		lines(f)
	}
	out := items[:0:0]
	keep := func(d diag.Diagnostic) {
		if d.Severity != diag.Error {
			level := s.Level(d.Rule, d.Severity)
			if level == "off" {
				return
			}
			d.Severity, _ = diag.ParseSeverity(level)
			if s.pathIgnores(d.Pos.File, d.Rule) || matches(lines(d.Pos.File)[d.Pos.Line], d.Rule) {
				return
			}
		}
		out = append(out, d)
	}
	for _, d := range items {
		keep(d)
	}
	// Misused ignore comments are kfc-ignore findings like any other: the
	// settings may turn that rule off or re-level it too.
	for _, d := range extra {
		keep(d)
	}
	return out
}

func matches(ids []string, rule string) bool {
	for _, id := range ids {
		if id == rule || id == "*" {
			return true
		}
	}
	return false
}

// Level is the severity ("off" when silenced) the settings give a finding
// of rule that the rule reported at sev: errors stay errors, and a level
// word the settings misspell counts as info (kfc-settings reports it).
func (s *Settings) Level(rule string, sev diag.Severity) string {
	if sev == diag.Error {
		return sev.String()
	}
	level, ok := s.Levels[rule]
	if !ok {
		return sev.String()
	}
	if level == "off" {
		return level
	}
	v, _ := diag.ParseSeverity(level)
	return v.String()
}

// PathIgnores lists the globs under which the settings silence rule.
func (s *Settings) PathIgnores(rule string) []string {
	var out []string
	for _, p := range s.Paths {
		if p.re != nil && matches(p.Ignore, rule) {
			out = append(out, p.Glob)
		}
	}
	return out
}

func (s *Settings) pathIgnores(file, rule string) bool {
	for _, p := range s.Paths {
		if p.re != nil && p.re.MatchString(file) && matches(p.Ignore, rule) {
			return true
		}
	}
	return false
}

// inlineIgnores maps line numbers to the rules ignored there: a comment
// after content covers its own line, a comment alone on a line covers the
// next one.
func inlineIgnores(file string, src []byte) (map[int][]string, []diag.Diagnostic) {
	out := map[int][]string{}
	var bad []diag.Diagnostic
	if !bytes.Contains(src, []byte("kfc:ignore")) {
		return out, nil
	}
	for i, line := range strings.Split(string(src), "\n") {
		loc := ignoreRE().FindStringSubmatchIndex(line)
		if loc == nil {
			continue
		}
		target := i + 1
		if strings.TrimSpace(line[:loc[0]]) == "" {
			target = i + 2
		}
		for _, id := range strings.FieldsFunc(line[loc[2]:loc[3]], func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
			pos := diag.Pos{File: file, Line: i + 1, Col: loc[0] + 1}
			r := Lookup(id)
			switch {
			case r == nil:
				bad = append(bad, diag.Diagnostic{Pos: pos, Severity: diag.Warning, Rule: RuleIgnore,
					Message: "kfc:ignore names unknown rule " + id + didYouMean(id, ruleNames())})
			case r.Severity == diag.Error:
				bad = append(bad, diag.Diagnostic{Pos: pos, Severity: diag.Warning, Rule: RuleIgnore,
					Message: "rule " + id + " reports errors, which cannot be ignored"})
			default:
				out[target] = append(out[target], id)
			}
		}
	}
	return out, bad
}
