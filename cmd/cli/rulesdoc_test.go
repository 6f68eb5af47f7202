package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/lint"
)

// docExample is one project written out of docs/rules.md: the files of a
// "Bad" or "Good" example of one rule.
type docExample struct {
	rule   string
	bad    bool
	files  map[string]string
	latin1 []string // files to write in Latin-1 instead of UTF-8
	links  []string // files to create as symbolic links to the block's text
}

// parseRulesDoc reads docs/rules.md: a `## rule-id` heading per rule, then
// paragraphs starting "Bad" or "Good", each followed by fenced blocks whose
// info string is `<language> <project-relative path>`; the pseudo-path
// kfc-vet holds extra `kfc vet` arguments (for rules about the command line);
// a block whose language is `symlink` is a link whose target is its text.
func parseRulesDoc(t *testing.T, src []byte) (sections map[string]bool, examples []*docExample) {
	sections = map[string]bool{}
	var rule string
	var cur *docExample
	var block *strings.Builder
	var blockPath string
	sc := bufio.NewScanner(bytes.NewReader(src))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case block != nil:
			if strings.HasPrefix(line, "```") {
				cur.files[blockPath] += block.String()
				block = nil
				continue
			}
			block.WriteString(line + "\n")
		case strings.HasPrefix(line, "## "):
			rule = strings.TrimSpace(strings.TrimPrefix(line, "## "))
			sections[rule] = true
			cur = nil
		case strings.HasPrefix(line, "Bad") || strings.HasPrefix(line, "Good"):
			cur = &docExample{rule: rule, bad: strings.HasPrefix(line, "Bad"), files: map[string]string{}}
			examples = append(examples, cur)
		case strings.HasPrefix(line, "```") && cur != nil:
			fields := strings.Fields(strings.TrimPrefix(line, "```"))
			if len(fields) < 2 {
				t.Errorf("rules.md: rule %s: code block without a file path: %q", rule, line)
				continue
			}
			block, blockPath = &strings.Builder{}, fields[1]
			switch fields[0] {
			case "latin1":
				cur.latin1 = append(cur.latin1, blockPath)
			case "symlink":
				cur.links = append(cur.links, blockPath)
			}
		}
	}
	return sections, examples
}

// TestRulesDoc keeps docs/rules.md honest: every rule has a section, every
// bad example triggers its rule and every good one does not.
func TestRulesDoc(t *testing.T) {
	src, err := os.ReadFile("../../docs/rules.md")
	if err != nil {
		t.Fatal(err)
	}
	sections, examples := parseRulesDoc(t, src)
	for _, r := range lint.Rules() {
		if !sections[r.Name] {
			t.Errorf("docs/rules.md has no section for rule %s", r.Name)
		}
	}
	seen := map[string][2]bool{}
	for _, ex := range examples {
		if lint.Lookup(ex.rule) == nil {
			t.Errorf("docs/rules.md documents unknown rule %s", ex.rule)
			continue
		}
		s := seen[ex.rule]
		if ex.bad {
			s[0] = true
		} else {
			s[1] = true
		}
		seen[ex.rule] = s
		for _, name := range ex.latin1 {
			ex.files[name] = toLatin1(ex.files[name])
		}
		found := rulesFound(t, ex.files, ex.links)
		if ex.bad && !found[ex.rule] {
			t.Errorf("docs/rules.md: the bad example of %s does not trigger it (found %v)", ex.rule, keys(found))
		}
		if !ex.bad && found[ex.rule] {
			t.Errorf("docs/rules.md: the good example of %s still triggers it", ex.rule)
		}
	}
	for _, r := range lint.Rules() {
		if s := seen[r.Name]; sections[r.Name] && (!s[0] || !s[1]) {
			t.Errorf("docs/rules.md: rule %s needs both a Bad and a Good example", r.Name)
		}
	}
}

// rulesFound writes files into a fresh project and returns the rule ids
// `kfc vet --info` reports there.
func rulesFound(t *testing.T, files map[string]string, links []string) map[string]bool {
	dir := t.TempDir()
	for _, d := range []string{"conf/base", "conf/local"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	var args []string
	isLink := map[string]bool{}
	for _, name := range links {
		isLink[name] = true
	}
	for name, content := range files {
		if name == "kfc-vet" {
			args = strings.Fields(content)
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if isLink[name] {
			if err := os.Symlink(strings.TrimSpace(content), p); err != nil {
				t.Fatalf("cannot symlink: %v", err)
			}
			continue
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out, errb bytes.Buffer
	code := Main(append(append([]string{"vet", "--info", "--format", "json"}, args...), dir), &out, &errb)
	if code > 1 {
		t.Fatalf("kfc vet exited %d: %s", code, errb.String())
	}
	var findings []struct{ Rule string }
	if err := json.Unmarshal(out.Bytes(), &findings); err != nil {
		t.Fatalf("bad JSON from kfc vet: %v\n%s", err, out.String())
	}
	found := map[string]bool{}
	for _, f := range findings {
		found[f.Rule] = true
	}
	return found
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// toLatin1 re-encodes text whose characters all fit in one byte.
func toLatin1(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		b = append(b, byte(r))
	}
	return string(b)
}
