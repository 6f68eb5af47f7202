package lint

import "github.com/kfc-dev/kfc/internal/suggest"

// didYouMean returns " (did you mean X?)" for the closest candidate, or "".
func didYouMean(name string, candidates []string) string {
	if s := suggest.Closest(name, candidates); s != "" {
		return " (did you mean " + s + "?)"
	}
	return ""
}
