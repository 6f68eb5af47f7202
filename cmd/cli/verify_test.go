package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/internal/schematest"
)

// TestExecManifestFitsItsJSONSchema runs a real kfc exec (a run, then an
// all-skipped rerun, then a failing run) and validates every manifest it
// wrote against `kfc schema manifest` with an independent JSON Schema
// validator, then kfc verify's each successful one.
func TestExecManifestFitsItsJSONSchema(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"pyproject.toml":           "[tool.kedro]\npackage_name = \"demo\"\nproject_name = \"Demo\"\n",
		"conf/local/.keep":         "",
		"conf/base/catalog.yml":    "words: {type: text.TextDataset, filepath: data/words.txt}\nupper: {type: text.TextDataset, filepath: data/upper.txt}\ncount: {type: json.JSONDataset, filepath: data/count.json, versioned: true}\n",
		"conf/base/parameters.yml": "fail: 0\n",
		"conf/base/pipelines.yml": `__default__:
  nodes:
    - name: shout
      run: [sh, -c, 'tr a-z A-Z < "$1" > "$2"', sh, "{in.words}", "{out.upper}"]
      inputs: words
      outputs: upper
    - name: count
      run: [sh, -c, 'test "$3" = 0 && wc -l < "$1" > "$2"', sh, "{in.upper}", "{out.count}", "{params.fail}"]
      inputs: upper
      params: [params:fail]
      outputs: count
`,
		"data/words.txt": "hello\nworld\n",
	}
	for rel, content := range files {
		p := filepath.Join(root, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i, args := range [][]string{{"exec", root}, {"exec", root}, {"exec", root, "--params", "fail=1"}} {
		_, stderr, code := runKfc(t, args...)
		if want := map[bool]int{true: 1, false: 0}[i == 2]; code != want {
			t.Fatalf("kfc %v: exit %d, want %d\n%s", args, code, want, stderr)
		}
	}
	runs, _ := filepath.Glob(filepath.Join(root, ".kfc/runs/*/manifest.json"))
	if len(runs) != 3 {
		t.Fatalf("%d manifests, want 3", len(runs))
	}
	statuses := map[string]int{}
	for _, m := range runs {
		b, err := os.ReadFile(m)
		if err != nil {
			t.Fatal(err)
		}
		if err := schematest.ValidateManifest(b); err != nil {
			t.Errorf("%s does not fit `kfc schema manifest`: %v\n%s", m, err, b)
		}
		for _, s := range []string{"FINISHED", "FAILED"} {
			if strings.Contains(string(b), `"status": "`+s+`"`) {
				statuses[s]++
			}
		}
		out, stderr, code := runKfc(t, "verify", m)
		failed := strings.Contains(string(b), `"status": "FAILED"`)
		switch {
		case !failed && (code != 0 || !strings.HasPrefix(out, "verified 2 outputs of run ")):
			t.Errorf("kfc verify %s: exit %d\n%s%s", m, code, out, stderr)
		case failed && (code != 0 || !strings.HasPrefix(out, "verified 1 output of run ")):
			// shout was skipped (its record's output is checked); count
			// failed and recorded no digest.
			t.Errorf("kfc verify of the failed run: exit %d\n%s%s", code, out, stderr)
		}
	}
	if statuses["FINISHED"] != 2 || statuses["FAILED"] != 1 {
		t.Errorf("run statuses %v, want 2 FINISHED and 1 FAILED", statuses)
	}
}
