package config

import (
	"bytes"
	"errors"
	"os"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/pyproject"
)

const pyprojectFile = pyproject.File

// pyprojectView is what the loader needs from pyproject.toml.
type pyprojectView struct {
	src            string
	kedroPackage   string         // [tool.kedro] package_name
	kedroSourceDir string         // [tool.kedro] source_dir
	kfc            map[string]any // [tool.kfc], nil when absent
}

// readPyproject reads and parses the project's pyproject.toml, the one
// read of it in a run: doc is handed on (Project.Pyproject) to every other
// reader. doc is nil when there is none or it cannot be read; the view is
// nil also when it does not parse (a positioned finding then).
func readPyproject(root string, diags *diag.List) (*pyprojectView, *pyproject.Doc) {
	doc, err := pyproject.Read(root)
	if err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			reportNamed(diag.Pos{File: pyprojectFile}, CodeInvalidSettings, pyprojectFile, err, root, diags)
		}
		return nil, nil
	}
	if err := doc.Err; err != nil {
		pos := diag.Pos{File: pyprojectFile}
		msg := err.Error()
		var pe toml.ParseError
		if errors.As(err, &pe) {
			pos.Line, pos.Col = tomlPos(doc.Src, pe.Position)
			msg = pe.Message
		}
		diags.Reportf(pos, CodeInvalidSettings, "invalid TOML: %s", msg)
		return nil, doc
	}
	pp := &pyprojectView{src: string(doc.Src)}
	var tool map[string]any
	_ = doc.Decode("tool", &tool) // a non-table tool is no settings, as a missing one
	if kedro, ok := tool["kedro"].(map[string]any); ok {
		pp.kedroPackage, _ = kedro["package_name"].(string)
		pp.kedroSourceDir, _ = kedro["source_dir"].(string)
	}
	if kfc, ok := tool["kfc"].(map[string]any); ok {
		pp.kfc = kfc
	}
	return pp, doc
}

// applyToolKfc overrides settings with [tool.kfc]. Other [tool.kfc] keys
// belong to other parts of kfc and are left alone here.
func applyToolKfc(pp *pyprojectView, s *Settings, diags *diag.List) {
	t := pp.kfc
	if t == nil {
		return
	}
	pos := func(path ...string) diag.Pos { return pp.keyPos(path...) }
	str := func(key string, dst *string) {
		v, ok := t[key]
		if !ok {
			return
		}
		if sv, ok := v.(string); ok {
			*dst = sv
			s.Source = pos(key)
			return
		}
		diags.Reportf(pos(key), CodeInvalidSettings, "[tool.kfc] %s must be a string, not %s", key, tomlType(v))
	}
	str("conf_source", &s.ConfSource)
	str("base_env", &s.BaseEnv)
	str("default_run_env", &s.DefaultRunEnv)

	if v, ok := t["config_patterns"]; ok {
		s.Source = pos("config_patterns")
		if m, ok := v.(map[string]any); ok {
			for _, key := range sortedKeys(m) {
				globs, ok := stringList(m[key])
				if !ok {
					diags.Reportf(pos("config_patterns", key), CodeInvalidSettings, "[tool.kfc] config_patterns.%s must be a list of glob strings, not %s", key, tomlType(m[key]))
					continue
				}
				s.Patterns[key] = globs
			}
		} else {
			diags.Reportf(pos("config_patterns"), CodeInvalidSettings, "[tool.kfc] config_patterns must be a table of config key to a list of glob strings, not %s", tomlType(v))
		}
	}
	if v, ok := t["merge_strategy"]; ok {
		s.Source = pos("merge_strategy")
		if m, ok := v.(map[string]any); ok {
			for _, key := range sortedKeys(m) {
				sv, ok := m[key].(string)
				if !ok {
					diags.Reportf(pos("merge_strategy", key), CodeInvalidSettings, "[tool.kfc] merge_strategy.%s must be a string, not %s", key, tomlType(m[key]))
					continue
				}
				if msg := checkMergeStrategy(sv); msg != "" {
					diags.Reportf(pos("merge_strategy", key), CodeInvalidSettings, "%s", msg)
					continue
				}
				s.MergeStrategy[key] = strings.ToLower(sv)
			}
		} else {
			diags.Reportf(pos("merge_strategy"), CodeInvalidSettings, "[tool.kfc] merge_strategy must be a table of config key to \"destructive\" or \"soft\", not %s", tomlType(v))
		}
	}
	if v, ok := t["custom_resolvers"]; ok {
		s.Source = pos("custom_resolvers")
		names, ok := stringList(v)
		if !ok {
			diags.Reportf(pos("custom_resolvers"), CodeInvalidSettings, "[tool.kfc] custom_resolvers must be a list of resolver names, not %s", tomlType(v))
		}
		for _, n := range names {
			s.CustomResolvers = appendUnique(s.CustomResolvers, n)
		}
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func stringList(v any) ([]string, bool) {
	list, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(list))
	for _, it := range list {
		s, ok := it.(string)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

func tomlType(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64, float64:
		return "a number"
	case bool:
		return "a boolean"
	case []any, []map[string]any:
		return "an array"
	case map[string]any:
		return "a table"
	}
	return "a date or time"
}

// keyPos finds where a [tool.kfc] key is written. BurntSushi/toml keeps no
// key positions, so this scans the source for the deepest written prefix of
// the key path (a `key =` line, or a `[tool.kfc.<sub>]` header), falling
// back to the [tool.kfc] header and then to the file.
func (pp *pyprojectView) keyPos(path ...string) diag.Pos {
	want := "tool.kfc." + strings.Join(path, ".")
	best, bestLen := diag.Pos{File: pyprojectFile}, 0
	consider := func(full string, line, col int, rest string) {
		if full != want && !strings.HasPrefix(want, full+".") || len(full) <= bestLen || len(full) < len("tool.kfc") {
			return
		}
		best, bestLen = diag.Pos{File: pyprojectFile, Line: line, Col: col}, len(full)
		if full != want {
			// a shorter key on this line: an inline table may hold the rest
			last := path[len(path)-1]
			if c := strings.Index(rest, last); c >= 0 && line > 0 {
				best.Col = col + c
			}
		}
	}
	table := ""
	for i, line := range strings.Split(pp.src, "\n") {
		trimmed := strings.TrimLeft(line, " \t")
		col := len(line) - len(trimmed) + 1
		if strings.HasPrefix(trimmed, "[") {
			inner := strings.Trim(strings.SplitN(strings.TrimLeft(trimmed, "["), "]", 2)[0], " ")
			table = strings.Join(splitDotted(inner), ".")
			consider(table, i+1, col, "")
			continue
		}
		eq := strings.Index(trimmed, "=")
		if eq < 0 || strings.HasPrefix(trimmed, "#") {
			continue
		}
		full := strings.Join(splitDotted(trimmed[:eq]), ".")
		if table != "" {
			full = table + "." + full
		}
		consider(full, i+1, col, trimmed)
	}
	return best
}

// splitDotted splits a TOML dotted key into its parts, unquoting them.
func splitDotted(s string) []string {
	var parts []string
	var cur strings.Builder
	quote := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else {
				cur.WriteByte(c)
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '.':
			parts = append(parts, strings.TrimSpace(cur.String()))
			cur.Reset()
		case c == ' ' || c == '\t':
		default:
			cur.WriteByte(c)
		}
	}
	return append(parts, strings.TrimSpace(cur.String()))
}

// tomlPos is where a TOML parse error is, from its byte offset: the
// library's own line is one past the fault when the fault is a line's end
// ("[tool.kedro" then a newline was line 2), and its column is off by one
// past the first line. Columns count characters, as tomllib's do.
func tomlPos(src []byte, p toml.Position) (line, col int) {
	if p.Start < 0 || p.Start > len(src) {
		return p.Line, p.Col
	}
	before := src[:p.Start]
	lineStart := bytes.LastIndexByte(before, '\n') + 1
	return bytes.Count(before, []byte("\n")) + 1, utf8.RuneCount(before[lineStart:]) + 1
}
