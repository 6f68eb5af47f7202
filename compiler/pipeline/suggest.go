package pipeline

import (
	"fmt"
	"strings"

	"github.com/kfc-dev/kfc/internal/py"
)

// didYouMean formats the best suggestion as a message tail (Kedro's
// difflib.get_close_matches, py.CloseMatches).
func didYouMean(word string, candidates []string) string {
	if s := py.CloseMatches(word, candidates); len(s) > 0 {
		return fmt.Sprintf("; did you mean %q?", s[0])
	}
	return ""
}

// didYouMeanBraced suggests a placeholder.
func didYouMeanBraced(word string, candidates []string) string {
	if s := py.CloseMatches(word, candidates); len(s) > 0 {
		return "; did you mean {" + s[0] + "}?"
	}
	return ""
}

// joinQuoted renders names as "a", "b".
func joinQuoted(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
