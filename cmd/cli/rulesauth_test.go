package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/lint"
)

// listedRules runs `kfc rules` outside any project and returns each listed
// rule id with its severity.
func listedRules(t *testing.T) map[string]string {
	t.Helper()
	dir := t.TempDir()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = os.Chdir(wd) }() // -C changes the process's directory
	var out, errb bytes.Buffer
	if code := Main([]string{"-C", dir, "rules"}, &out, &errb); code != 0 {
		t.Fatalf("kfc rules exited %d: %s", code, errb.String())
	}
	listed := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		f := strings.Fields(line)
		if len(f) < 3 {
			t.Fatalf("kfc rules: bad line %q", line)
		}
		listed[f[0]] = f[1]
	}
	return listed
}

var (
	findingLine = regexp.MustCompile(`: (error|warning|info): .* \[([a-z0-9-]+)\]$`)
	jsonRule    = regexp.MustCompile(`"(?:rule|ruleId)": ?"([a-z0-9-]+)"`)
)

// TestRulesIsAuthoritative: `kfc rules` lists exactly the registered
// rules with their one severity, and every finding in the expected outputs
// of the CLI scripts and in the docs names a listed rule; in docs/rules.md
// (no settings re-level anything there) with the listed severity, and the
// rules table and each section state that severity.
func TestRulesIsAuthoritative(t *testing.T) {
	listed := listedRules(t)
	for _, r := range lint.Rules() {
		if listed[r.Name] != r.Severity.String() {
			t.Errorf("kfc rules shows %s as %q, its findings get %q", r.Name, listed[r.Name], r.Severity)
		}
	}
	if len(listed) != len(lint.Rules()) {
		t.Errorf("kfc rules lists %d rules, lint registers %d", len(listed), len(lint.Rules()))
	}
	files, _ := filepath.Glob("../../testdata/script/*.txtar")
	docs, _ := filepath.Glob("../../docs/*.md")
	files = append(append(files, docs...), "../../README.md")
	if len(files) < 100 {
		t.Fatalf("found only %d scripts and docs", len(files))
	}
	seen := 0
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		rulesDoc := strings.HasSuffix(name, "docs/rules.md")
		for i, line := range strings.Split(string(src), "\n") {
			if m := findingLine.FindStringSubmatch(line); m != nil {
				seen++
				switch sev, ok := listed[m[2]]; {
				case !ok:
					t.Errorf("%s:%d: a finding of rule %s, which kfc rules does not list", name, i+1, m[2])
				case rulesDoc && sev != m[1]:
					t.Errorf("%s:%d: a %s finding of rule %s, which kfc rules lists as %s", name, i+1, m[1], m[2], sev)
				}
			}
			for _, m := range jsonRule.FindAllStringSubmatch(line, -1) {
				if _, ok := listed[m[1]]; !ok {
					t.Errorf("%s:%d: a finding of rule %s, which kfc rules does not list", name, i+1, m[1])
				}
			}
		}
	}
	if seen < 200 {
		t.Fatalf("found only %d findings in the scripts and docs: the scan is broken", seen)
	}
	src, err := os.ReadFile("../../docs/rules.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(src)
	for name, sev := range listed {
		if !strings.Contains(doc, "| ["+name+"](#"+name+") | "+sev+" |") {
			t.Errorf("docs/rules.md: the table has no row for %s with severity %s", name, sev)
		}
		if i := strings.Index(doc, "\n## "+name+"\n"); i < 0 || !strings.HasPrefix(doc[i+len(name)+5:], "\nSeverity: **"+sev+"**.") {
			t.Errorf("docs/rules.md: section %s does not start with Severity: **%s**.", name, sev)
		}
	}
}
