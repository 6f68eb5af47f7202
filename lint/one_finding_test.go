package lint

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/model"
)

// vetFolder loads and lints the project at root as `kfc vet` does.
func vetFolder(t *testing.T, root string) (*config.Project, []diag.Diagnostic) {
	t.Helper()
	var diags diag.List
	proj, err := config.Load(config.LoadOptions{Root: root, Getenv: func(string) (string, bool) { return "", false }}, &diags)
	if err != nil {
		t.Fatal(err)
	}
	Run(model.New(proj), &diags)
	return proj, diags.Items()
}

// TestOneMistakeOneFinding breaks each configuration file of real projects
// in turn (an unclosed bracket, then bytes that are not UTF-8) and checks
// that vet reports the broken file and nothing the clean project did not
// already report: every rule that reads a key declares it in Needs. A rule
// that reads a key without declaring it reports what the broken file no
// longer provides ("params:x is unknown", "free input"), and fails here.
func TestOneMistakeOneFinding(t *testing.T) {
	// Each project is its layers copied in order: the corpus' conf (when
	// ../shared/corpus is there) under the pipelines file kfc adds to it.
	projects := [][]string{{"../examples/spaceflights"}, {"../testdata/projects/kedro-spaceflights"}}
	for _, name := range []string{"kedro-viz-demo-project", "spaceflights-pandas", "spaceflights-pyspark"} {
		if _, err := os.Stat(filepath.Join(corpusExamples, name, "conf")); err == nil {
			projects = append(projects, []string{filepath.Join(corpusExamples, name, "conf"), filepath.Join("..", "testdata", "projects", name)})
		}
	}
	breaks := map[string][]byte{"unclosed-bracket": []byte("x: [1,\n"), "binary": {0xff, 0xfe, 'a', '\n'}}
	for _, layers := range projects {
		src := layers[len(layers)-1]
		root := t.TempDir()
		for _, layer := range layers {
			dst := root
			if filepath.Base(layer) == "conf" {
				dst = filepath.Join(root, "conf")
			}
			if err := copyOver(dst, layer); err != nil {
				t.Fatal(err)
			}
		}
		before := map[string]bool{}
		proj, items := vetFolder(t, root)
		for _, d := range items {
			before[d.String()] = true
		}
		var files []string // every file the clean project loads
		for _, f := range proj.Files {
			if !slices.Contains(files, f.Path) {
				files = append(files, f.Path)
			}
		}
		if proj.MLproject != nil {
			files = append(files, proj.MLproject.Path)
		}
		if len(files) < 3 {
			t.Fatalf("%s: only %v to break", src, files)
		}
		for _, rel := range files {
			path := filepath.Join(root, filepath.FromSlash(rel))
			clean, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for how, text := range breaks {
				if err := os.WriteFile(path, text, 0o644); err != nil {
					t.Fatal(err)
				}
				var own int
				_, items := vetFolder(t, root)
				for _, d := range items {
					switch {
					case d.Pos.File == rel:
						own++
					case !before[d.String()]:
						t.Errorf("%s with %s %s: a finding that only echoes the broken file: %s", filepath.Base(src), rel, how, d)
					}
				}
				if own != 1 {
					t.Errorf("%s with %s %s: %d findings in the broken file, want 1", filepath.Base(src), rel, how, own)
				}
			}
			if err := os.WriteFile(path, clean, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// copyOver copies the files below src into dst, replacing any there.
func copyOver(dst, src string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
}

// TestNeedsNameKeys checks that every rule's Needs names a key the loader
// marks broken: a misspelt key would never stand the rule down.
func TestNeedsNameKeys(t *testing.T) {
	known := map[string]bool{config.KeyMLproject: true, ownKey: true}
	for _, k := range config.Keys {
		known[k] = true
	}
	for _, r := range Rules() {
		for _, k := range r.Needs {
			if !known[k] {
				t.Errorf("rule %s needs %q, which is no config key", r.Name, k)
			}
			if k == ownKey && r.Run != nil {
				t.Errorf("rule %s has a Run: the key of its own file is only known for the loader's findings", r.Name)
			}
		}
	}
}
