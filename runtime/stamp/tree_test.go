package stamp

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

func walk(t *testing.T, root string) Tree {
	t.Helper()
	tr, err := Walk(root, DefaultExclude, time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func write(t *testing.T, root, rel, content string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Every change a build or a decision could see changes the digest; what
// kfc exec itself writes on every run does not.
func TestWalkSeesChanges(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("stamps need inodes and change times")
	}
	root := t.TempDir()
	write(t, root, "conf/base/catalog.yml", "a: 1\n")
	write(t, root, "data/x.csv", "1\n")
	write(t, root, "src/demo/settings.py", "")
	base := walk(t, root)
	if base.Doubt != "" {
		t.Fatalf("doubt: %s", base.Doubt)
	}
	if again := walk(t, root); again.Digest != base.Digest {
		t.Fatal("two walks of the same tree differ")
	}
	for _, rel := range []string{".kfc/runs/x/manifest.json", "mlflow.db", "mlflow.db-journal", "mlruns/0/meta.yaml", "src/demo/__pycache__/x.pyc", ".git/index"} {
		write(t, root, rel, "x")
		if walk(t, root).Digest != base.Digest {
			t.Errorf("writing %s changed the digest", rel)
		}
	}
	steps := []struct {
		name string
		do   func()
	}{
		{"a new conf file", func() { write(t, root, "conf/base/catalog_more.yml", "b: 1\n") }},
		{"an edited data file", func() { write(t, root, "data/x.csv", "2\n") }},
		{"a removed file", func() { os.Remove(filepath.Join(root, "data", "x.csv")) }},
		{"a new folder", func() { os.Mkdir(filepath.Join(root, "data", "sub"), 0o755) }},
		{"a renamed file", func() {
			os.Rename(filepath.Join(root, "conf/base/catalog_more.yml"), filepath.Join(root, "conf/base/catalog_other.yml"))
		}},
	}
	prev := walk(t, root).Digest
	for _, s := range steps {
		s.do()
		now := walk(t, root).Digest
		if now == prev {
			t.Errorf("%s: digest unchanged", s.name)
		}
		prev = now
	}
}

func TestWalkDoubts(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("stamps need inodes and change times")
	}
	root := t.TempDir()
	write(t, root, "conf/base/catalog.yml", "a: 1\n")
	tr, err := Walk(root, DefaultExclude, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if tr.Doubt == "" {
		t.Error("a file written just now is not a doubt")
	}
	if err := os.Symlink(filepath.Join(root, "conf"), filepath.Join(root, "linked")); err != nil {
		t.Fatal(err)
	}
	if tr := walk(t, root); tr.Doubt == "" {
		t.Error("a symlink to a folder is not a doubt")
	}
}

func TestKeyCoversEnvironment(t *testing.T) {
	env := map[string]string{"A": "1"}
	get := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	in := Inputs{Version: "v", Args: "exec .", Env: []string{"A", "B"}, Getenv: get, Tree: "t", Root: t.TempDir()}
	k1, ok := Key(in)
	if !ok {
		t.Skip("no executable")
	}
	env["A"] = "2"
	k2, _ := Key(in)
	env["B"] = ""
	k3, _ := Key(in)
	if k1 == k2 || k2 == k3 {
		t.Errorf("keys: %s %s %s", k1, k2, k3)
	}
}

// The digest is the sha256 of the records as fmt writes them, whatever
// the folder's size (the lstats of a large one are split across CPUs)
// and whatever its names hold.
func TestWalkDigestIsTheRecords(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("identities need inodes and change times")
	}
	root := t.TempDir()
	names := []string{"plain.txt", `quote".txt`, `back\slash`, "tab\there", "é.csv", "ctl\x01"}
	for i := range parallelStats * 2 {
		names = append(names, fmt.Sprintf("f%04d", i))
	}
	for _, n := range names {
		write(t, root, "data/"+n, "x")
	}
	write(t, root, "conf/base/catalog.yml", "{}\n")
	h := sha256.New()
	var ref func(rel string)
	ref = func(rel string) {
		ents, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "D %q\n", rel)
		for _, e := range ents {
			sub := e.Name()
			if rel != "" {
				sub = rel + "/" + sub
			}
			if e.IsDir() {
				ref(sub)
				continue
			}
			st, err := os.Lstat(filepath.Join(root, filepath.FromSlash(sub)))
			if err != nil {
				t.Fatal(err)
			}
			id := identityOf(st)
			fmt.Fprintf(h, "F %q %o %d %d %d %d %d\n", sub, id.mode, id.size, id.mtime, id.ctime, id.ino, id.dev)
		}
	}
	ref("")
	if got, want := walk(t, root).Digest, hex.EncodeToString(h.Sum(nil)); got != want {
		t.Errorf("digest %s, want %s", got, want)
	}
}
