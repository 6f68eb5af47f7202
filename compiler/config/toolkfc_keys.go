package config

import (
	"fmt"
	"strings"

	"github.com/kfc-dev/kfc/compiler/diag"
	nearest "github.com/kfc-dev/kfc/internal/suggest"
	"github.com/kfc-dev/kfc/schema"
)

// checkToolKfcKeys reports the keys of [tool.kfc], at any depth, that
// #ToolKfc (schema/settings.cue) does not declare: the loader, the rule
// settings and the dataset types each read their part of the table, so a
// misspelt key would otherwise be ignored by all three without a word.
func checkToolKfcKeys(pp *pyproject, diags *diag.List) {
	for _, u := range schema.MustLoad().UnknownKeys("#ToolKfc", pp.kfc) {
		if len(u.Path) > 0 && u.Path[0] == "dataset_types" {
			continue // an error of the dataset types' own reader (schema/project.go)
		}
		table := strings.Join(append([]string{"tool", "kfc"}, u.Path...), ".")
		hint := ""
		if c := nearest.Closest(u.Key, u.Known); c != "" {
			hint = fmt.Sprintf(" (did you mean %q?)", c)
		}
		diags.Warnf(pp.keyPos(append(append([]string(nil), u.Path...), u.Key)...), schema.RuleSettings,
			"unknown key %q in [%s]%s; kfc ignores it", u.Key, table, hint)
	}
}
