package project

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/kfc-dev/kfc/compiler/plan"
	"github.com/kfc-dev/kfc/internal/safefs"
)

// copyExample copies the example project into a fresh folder.
func copyExample(t *testing.T) string {
	t.Helper()
	src := filepath.Join("..", "examples", "spaceflights")
	dst := filepath.Join(t.TempDir(), "spaceflights")
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if strings.HasPrefix(d.Name(), ".") && rel != "." || strings.HasSuffix(rel, ".pyc") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// memDisk serves a snapshot of the disk from memory and counts its reads.
type memDisk struct {
	fs    fstest.MapFS // absolute paths without the leading slash
	mu    sync.Mutex
	reads int
}

func snapshot(t *testing.T, dir string) *memDisk {
	m := &memDisk{fs: fstest.MapFS{}}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		m.fs[strings.TrimPrefix(filepath.ToSlash(path), "/")] = &fstest.MapFile{Data: b, Mode: 0o644}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func (m *memDisk) key(name string) string {
	m.mu.Lock()
	m.reads++
	m.mu.Unlock()
	return strings.TrimPrefix(filepath.ToSlash(filepath.Clean(name)), "/")
}
func (m *memDisk) Stat(name string) (fs.FileInfo, error) { return fs.Stat(m.fs, m.key(name)) }
func (m *memDisk) ReadFile(name string) ([]byte, error)  { return fs.ReadFile(m.fs, m.key(name)) }
func (m *memDisk) ReadProjectFile(root, rel string) ([]byte, error) {
	return m.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
}

// kedroProject writes a project whose kedro node's module is in src/, so
// the plan digests its sources.
func kedroProject(t *testing.T) string {
	dir := filepath.Join(t.TempDir(), "k")
	for rel, src := range map[string]string{
		"pyproject.toml":            "[tool.kedro]\npackage_name = \"pkg\"\nproject_name = \"K\"\n",
		"conf/base/catalog.yml":     "raw: {type: pandas.CSVDataset, filepath: data/raw.csv}\n\"{name}\": {type: pickle.PickleDataset, filepath: \"data/{name}.pkl\"}\n",
		"conf/base/pipelines.yml":   "__default__:\n  nodes:\n    - name: split\n      kedro: pkg.nodes:split\n      inputs: raw\n      outputs: [a, b]\n",
		"conf/local/.keep":          "",
		"src/pkg/__init__.py":       "",
		"src/pkg/nodes.py":          "def split(raw):\n    return raw, raw\n",
		"data/01_raw/companies.csv": "id\n1\n",
	} {
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

// Plan compilation reads nothing of its own (issue 11 point 4): with the
// project folder gone and every safefs read failing, a plan compiled from
// the loaded project and a snapshot of its files is byte-identical to the
// one compiled from the disk: for a pipeline of kedro nodes (their sources'
// digests), of entry-point nodes (the environment file's) and for an
// entry point (its path parameter is checked).
func TestCompileReadsOnlyItsDisk(t *testing.T) {
	example := copyExample(t)
	if err := os.MkdirAll(filepath.Join(example, "data", "01_raw"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(example, "data", "01_raw", "companies.csv"), []byte("id\n1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	pipeline := func(p *Project) (*plan.Plan, error) {
		return p.Compile(plan.Options{Pipeline: "__default__", KfcVersion: "test"})
	}
	entryPoint := func(p *Project) (*plan.Plan, error) {
		return p.CompileEntryPoint("train", []string{"train_data=data/01_raw/companies.csv"}, plan.EntryPointOptions{KfcVersion: "test"})
	}
	for _, c := range []struct {
		dir     string
		compile func(*Project) (*plan.Plan, error)
		digests string // what the plan holds that was read through the disk
	}{
		{kedroProject(t), pipeline, `"path": "src/pkg/nodes.py"`},
		{example, pipeline, `"environment": {`},
		{example, entryPoint, `"environment": {`},
	} {
		p, items, err := Check(Options{Root: c.dir, Getenv: func(string) (string, bool) { return "", false }}, View{})
		if err != nil {
			t.Fatal(err)
		}
		if HasErrors(items, false) {
			t.Fatalf("%s has errors: %v", c.dir, items)
		}
		pl, err := c.compile(p)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := plan.Encode(pl)
		if !bytes.Contains(want, []byte(c.digests)) {
			t.Fatalf("the plan of %s has no %s, so this case proves nothing:\n%s", c.dir, c.digests, want)
		}

		// Move the folder away (the loaded project keeps its path) and serve
		// its files from memory under the old path.
		mem := snapshot(t, c.dir)
		if err := os.Rename(c.dir, c.dir+".gone"); err != nil {
			t.Fatal(err)
		}
		p.Disk = mem
		var own []string
		restore := safefs.SetReadHook(func(root, path string) error {
			own = append(own, filepath.Join(root, path))
			return errors.New("no read while a plan compiles")
		})
		pl, err = c.compile(p)
		restore()
		if err := os.Rename(c.dir+".gone", c.dir); err != nil {
			t.Fatal(err)
		}
		if err != nil {
			t.Fatalf("%s from memory: %v", c.dir, err)
		}
		if got, _ := plan.Encode(pl); !bytes.Equal(got, want) {
			t.Errorf("%s from memory differs from the disk's:\n%s\nwant:\n%s", c.dir, got, want)
		}
		if len(own) > 0 {
			t.Errorf("plan compilation read %v itself", own)
		}
		if mem.reads == 0 {
			t.Error("the memory disk was never read")
		}
	}
}
