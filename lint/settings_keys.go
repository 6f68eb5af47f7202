package lint

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/pyproject"
	"github.com/kfc-dev/kfc/compiler/tree"
	"github.com/kfc-dev/kfc/internal/suggest"
	"github.com/kfc-dev/kfc/schema"
)

// warnUnknownKeys reports the keys of mapping v that definition def of
// schema/settings.cue does not declare.
func warnUnknownKeys(v *tree.Node, def, where string, diags *diag.List) {
	if v == nil || v.Kind != tree.Map {
		return
	}
	known := schema.MustLoad().Keys(def)
	for _, p := range v.Pairs {
		if !slices.Contains(known, p.Key) {
			reportf(diags, p.KeyPos(), RuleSettings, "unknown key %q in %s%s", p.Key, where, didYouMean(p.Key, known))
		}
	}
}

// posOrFile is v's position, else at.
func posOrFile(v *tree.Node, at diag.Pos) diag.Pos {
	if v == nil || v.Pos().IsZero() {
		return at
	}
	return v.Pos()
}

// warnUnknownToolKfcKeys reports the keys of [tool.kfc], at any depth,
// that #ToolKfc (schema/settings.cue) does not declare: the loader, the
// rule settings and the dataset types each read their part of the table,
// so a misspelt key would otherwise be ignored by all three without a word.
// (The dataset types' reader reports its own tables' keys, as errors.)
func warnUnknownToolKfcKeys(pp *pyproject.Doc, diags *diag.List) {
	doc := toolKfcKeys(pp)
	if len(doc) == 0 {
		return
	}
	for _, u := range schema.MustLoad().UnknownKeys("#ToolKfc", doc) {
		if len(u.Path) > 0 && u.Path[0] == "dataset_types" {
			continue
		}
		table := strings.Join(append([]string{"tool", "kfc"}, u.Path...), ".")
		hint := ""
		if c := suggest.Closest(u.Key, u.Known); c != "" {
			hint = fmt.Sprintf(" (did you mean %q?)", c)
		}
		reportf(diags, keyLine(pp.Src, u.Key), RuleSettings, "unknown key %q in [%s]%s; kfc ignores it", u.Key, table, hint)
	}
}

// toolKfcKeys rebuilds the key structure of [tool.kfc] from the decoder's
// metadata: tables as maps, arrays of tables as a list of one map holding
// every item's keys, other values as nil.
func toolKfcKeys(md *pyproject.Doc) map[string]any {
	root := map[string]any{}
	for _, k := range md.Keys() {
		if len(k) < 3 || k[0] != "tool" || k[1] != "kfc" {
			continue
		}
		cur := root
		for i := 2; i < len(k); i++ {
			name := k[i]
			next, seen := cur[name]
			if !seen {
				switch md.Type(k[:i+1]...) {
				case "Hash":
					next = map[string]any{}
				case "ArrayHash":
					next = []any{map[string]any{}}
				}
				cur[name] = next
			}
			switch n := next.(type) {
			case map[string]any:
				cur = n
			case []any:
				cur = n[0].(map[string]any)
			default:
				i = len(k) // a value: nothing below it
			}
		}
	}
	return root
}

// keyLine is the first line of src that writes key (as `key =` or in a
// table header), else the file.
func keyLine(src []byte, key string) diag.Pos {
	for i, line := range strings.Split(string(src), "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, key+" ") || strings.HasPrefix(trimmed, key+"=") ||
			strings.HasPrefix(trimmed, `"`+key+`"`) ||
			strings.HasPrefix(trimmed, "[") && (strings.Contains(trimmed, "."+key+"]") || strings.Contains(trimmed, "."+key+".")) {
			return diag.Pos{File: "pyproject.toml", Line: i + 1, Col: len(line) - len(strings.TrimLeft(line, " \t")) + 1}
		}
	}
	// In an inline table: `tracking = {node_run = true}`.
	inline := regexp.MustCompile(`[{,]\s*"?` + regexp.QuoteMeta(key) + `"?\s*=`)
	for i, line := range strings.Split(string(src), "\n") {
		if loc := inline.FindStringIndex(line); loc != nil {
			col := loc[0] + 1 + len(line[loc[0]+1:]) - len(strings.TrimLeft(line[loc[0]+1:], " \t"))
			return diag.Pos{File: "pyproject.toml", Line: i + 1, Col: col + 1}
		}
	}
	return diag.Pos{File: "pyproject.toml"}
}
