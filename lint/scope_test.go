package lint

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
)

// TestScopesDocumented: docs/plan.md's table of the errors a build excuses
// in what it does not use lists exactly the rules whose Scope is not
// ScopeProject, each in the row of its scope (dataset, pattern, parameter).
func TestScopesDocumented(t *testing.T) {
	b, err := os.ReadFile("../docs/plan.md")
	if err != nil {
		t.Fatal(err)
	}
	_, sec, ok := strings.Cut(string(b), "### Errors in what the run does not use")
	if !ok {
		t.Fatal("docs/plan.md has no section \"Errors in what the run does not use\"")
	}
	sec, _, _ = strings.Cut(sec, "\n#")
	rows := []diag.Scope{diag.ScopeDataset, diag.ScopePattern, diag.ScopeParameter}
	name := regexp.MustCompile("`([a-z0-9-]+)`")
	documented := map[string]diag.Scope{}
	i := 0
	for _, line := range strings.Split(sec, "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		if i >= len(rows) {
			t.Fatalf("more rows than scopes: %s", line)
		}
		first := strings.Split(line, "|")[1]
		for _, m := range name.FindAllStringSubmatch(first, -1) {
			documented[m[1]] = rows[i]
		}
		i++
	}
	var got, want []string
	for _, r := range Rules() {
		if r.Scope != diag.ScopeProject {
			want = append(want, r.Name)
		}
		if s, ok := documented[r.Name]; ok {
			got = append(got, r.Name)
			if s != r.Scope {
				t.Errorf("%s: documented in the row of scope %d, its Scope is %d", r.Name, s, r.Scope)
			}
		}
	}
	for n := range documented {
		if Lookup(n) == nil {
			t.Errorf("docs/plan.md names rule %s, which does not exist", n)
		}
	}
	sort.Strings(got)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("rules documented as excusable:\n%v\nrules with a scope:\n%v", got, want)
	}
	if ScopeOf("no-such-rule") != diag.ScopeProject {
		t.Error("an unknown rule must block")
	}
}
