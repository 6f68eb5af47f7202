package project

import (
	"os"
	"path/filepath"
	"testing"
)

func writeProject(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for rel, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Check is vet's pipeline: its View keeps the files asked for and writes
// paths relative to the working directory.
func TestCheckView(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"conf/base/catalog.yml":  "a: {filepath: data/a.csv}\n",
		"conf/local/catalog.yml": "b: {filepath: data/b.csv}\n",
	})
	opts := Options{Root: dir, Getenv: func(string) (string, bool) { return "", false }}
	files := func(v View) []string {
		_, items, err := Check(opts, v)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, d := range items {
			out = append(out, d.Pos.File+" "+d.Rule)
		}
		return out
	}
	all := files(View{})
	if len(all) != 2 || all[0] != "conf/base/catalog.yml catalog-missing-type" || all[1] != "conf/local/catalog.yml catalog-missing-type" {
		t.Errorf("all findings: %q", all)
	}
	if got := files(View{Only: []string{"conf/local/catalog.yml"}}); len(got) != 1 || got[0] != "conf/local/catalog.yml catalog-missing-type" {
		t.Errorf("only conf/local: %q", got)
	}
	if got := files(View{Cwd: filepath.Join(dir, "conf")}); len(got) != 2 || got[0] != "base/catalog.yml catalog-missing-type" {
		t.Errorf("from conf/: %q", got)
	}
}
