package project

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The README's architecture section names every top-level package and
// every package of cmd/ and compiler/, and nothing that is not there.
func TestReadmeArchitectureMatchesPackages(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	start := strings.Index(text, "## Architecture")
	if start < 0 {
		t.Fatal("README.md has no Architecture section")
	}
	block := text[start:]
	block = block[strings.Index(block, "```")+3:]
	block = block[:strings.Index(block, "```")]
	named := map[string]bool{}
	for _, line := range strings.Split(block, "\n") {
		if m := regexp.MustCompile(`^([a-z][a-z/-]*[a-z])/?\s`).FindStringSubmatch(line); m != nil {
			named[m[1]] = true
		}
	}
	want := map[string]bool{}
	for _, pattern := range []string{"*", "cmd/*", "compiler/*"} {
		dirs, _ := filepath.Glob(filepath.Join("..", pattern))
		for _, d := range dirs {
			gofiles, _ := filepath.Glob(filepath.Join(d, "*.go"))
			sub, _ := filepath.Glob(filepath.Join(d, "*", "*.go"))
			rel, _ := filepath.Rel("..", d)
			rel = filepath.ToSlash(rel)
			if len(gofiles) == 0 && (len(sub) == 0 || rel == "cmd" || rel == "compiler") {
				continue
			}
			want[rel] = true
		}
	}
	for p := range want {
		if !named[p] {
			t.Errorf("README.md's architecture does not name package %s", p)
		}
	}
	for p := range named {
		if st, err := os.Stat(filepath.Join("..", p)); err != nil || !st.IsDir() {
			t.Errorf("README.md's architecture names %s, which is not a folder", p)
		}
	}
}
