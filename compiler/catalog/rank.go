package catalog

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// IsPattern is Kedro's CatalogConfigResolver.is_pattern: any name with '{'.
func IsPattern(name string) bool { return strings.Contains(name, "{") }

// kedroPlaceholders returns the matches of Kedro's regex `\{.*?\}` in s,
// left to right, not overlapping (`.` does not match a newline). Kedro uses
// it for specificity and to check a pattern's values against its key;
// it is not parse's notion of a field.
func kedroPlaceholders(s string) []string {
	var out []string
	for i := 0; i < len(s); i++ {
		if s[i] != '{' {
			continue
		}
		j := strings.IndexAny(s[i+1:], "}\n")
		if j < 0 {
			break
		}
		if s[i+1+j] == '\n' {
			continue
		}
		out = append(out, s[i:i+j+2])
		i += j + 1
	}
	return out
}

// Specificity is Kedro's _pattern_specificity: the number of characters
// left after removing every `\{.*?\}`.
func Specificity(key string) int {
	n := utf8.RuneCountInString(key)
	for _, p := range kedroPlaceholders(key) {
		n -= utf8.RuneCountInString(p)
	}
	return n
}

// PlaceholderCount is Kedro's pattern.count("{").
func PlaceholderCount(key string) int { return strings.Count(key, "{") }

// sortPatterns orders patterns as Kedro's _sort_patterns: specificity
// descending, placeholder count descending, then the key (code point order,
// which is Go's byte order on UTF-8).
func sortPatterns(ps []*Pattern) {
	sort.SliceStable(ps, func(i, j int) bool { return rankLess(ps[i], ps[j]) })
}

func rankLess(a, b *Pattern) bool {
	if a.Specificity != b.Specificity {
		return a.Specificity > b.Specificity
	}
	if a.Placeholders != b.Placeholders {
		return a.Placeholders > b.Placeholders
	}
	return a.Key < b.Key
}
