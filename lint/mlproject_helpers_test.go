package lint

import (
	"strings"
	"testing"
)

// expectMLproject checks a rule's findings on a bare MLflow project (an
// MLproject and optional other files, no conf/) against want, exactly.
func expectMLproject(t *testing.T, rule, mlprojectYAML string, extra map[string]string, want ...string) {
	t.Helper()
	files := map[string]string{"MLproject": mlprojectYAML}
	for k, v := range extra {
		files[k] = v
	}
	got := runRule(t, rule, loadFiles(t, files))
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\ngot:\n%s\nwant:\n%s", rule, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
