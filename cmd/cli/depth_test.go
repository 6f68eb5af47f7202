package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeFiles writes a small project under a fresh temporary folder.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for rel, content := range files {
		full := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// A small file nested 10,000 deep used to make `kfc build` write a 400 MB
// plan and `kfc config catalog` print 100 MB; now each stops with one
// positioned finding and output stays proportional to input.
func TestDeepInputStaysSmall(t *testing.T) {
	const d = 10_000
	dir := writeFiles(t, map[string]string{
		"conf/base/parameters.yml": "deep: " + strings.Repeat("[", d) + strings.Repeat("]", d) + "\n",
		"conf/base/catalog.yml":    "a:\n  type: pickle.PickleDataset\n  filepath: a.pkl\n  load_args: " + strings.Repeat("{k: ", d) + "1" + strings.Repeat("}", d) + "\n",
		"conf/base/pipelines.yml":  "__default__:\n  nodes:\n    - name: n\n      run: [python, x.py, '{params.deep}']\n      params: {deep: params:deep}\n      outputs: a\n",
		"conf/local/.keep":         "",
	})
	plan := filepath.Join(dir, "plan.json")
	both := []string{"catalog.yml:4:262:", "parameters.yml:1:70:"}
	for _, c := range []struct {
		args  []string
		where []string
	}{
		{[]string{"build", dir, "-o", plan}, both},
		{[]string{"vet", dir}, both},
		{[]string{"config", "catalog", dir}, both[:1]},
		{[]string{"catalog", "list", dir}, both[:1]},
		{[]string{"config", "parameters", dir}, both[1:]},
	} {
		args := c.args
		out, errOut, code := runKfc(t, args...)
		if code != 1 || len(out)+len(errOut) > 2000 {
			t.Errorf("%s: exit %d, %d bytes out, %d bytes err", args[0], code, len(out), len(errOut))
		}
		for _, want := range c.where {
			if all := out + errOut; !strings.Contains(all, want) || !strings.Contains(all, "nest more than 64 deep") {
				t.Errorf("%s: no finding at %s: %s", args[0], want, all)
			}
		}
	}
	if _, err := os.Stat(plan); err == nil {
		t.Errorf("a plan was written")
	}
}
