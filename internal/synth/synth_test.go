package synth

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

var shapes = []Options{
	{Datasets: 0, Params: 0, Nodes: 0, Factories: 0, Seed: 1},
	{Datasets: 1, Params: 1, Nodes: 1, Factories: 0, Seed: 2},
	{Datasets: 3, Params: 2, Nodes: 10, Factories: 0, Seed: 3}, // more nodes than entries
	{Datasets: 60, Params: 40, Nodes: 20, Factories: 5, Seed: 4},
	{Datasets: 500, Params: 300, Nodes: 0, Factories: 12, Seed: 5},
	{Datasets: 1000, Params: 200, Nodes: 400, Factories: 8, Seed: 6},
}

func TestGeneratedProjectsAreValid(t *testing.T) {
	for _, opt := range shapes {
		t.Run(name(opt), func(t *testing.T) { checkProject(t, opt) })
	}
}

func TestDeterministic(t *testing.T) {
	opt := Options{Datasets: 300, Params: 100, Nodes: 120, Factories: 6, Seed: 42}
	if !reflect.DeepEqual(Files(opt), Files(opt)) {
		t.Fatal("same options gave different files")
	}
	other := opt
	other.Seed = 43
	if reflect.DeepEqual(Files(opt), Files(other)) {
		t.Fatal("a different seed gave the same files")
	}
}

func TestGenerateWritesFiles(t *testing.T) {
	dir := t.TempDir()
	opt := Options{Datasets: 40, Params: 20, Nodes: 10, Factories: 3, Seed: 7}
	if err := Generate(dir, opt); err != nil {
		t.Fatal(err)
	}
	for path, want := range Files(opt) {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(path)))
		if err != nil || !bytes.Equal(got, []byte(want)) {
			t.Errorf("%s: not written as generated (%v)", path, err)
		}
	}
	if err := Generate(dir, opt); err == nil {
		t.Error("Generate into a non-empty directory succeeded")
	}
	if err := Generate(t.TempDir(), Options{Nodes: 3}); err == nil {
		t.Error("nodes without datasets accepted")
	}
	if err := Generate(t.TempDir(), Options{Datasets: -1}); err == nil {
		t.Error("negative count accepted")
	}
}

// TestBenchmarkSizeIsQuick keeps the generator from dominating bench.sh.
func TestBenchmarkSizeIsQuick(t *testing.T) {
	if testing.Short() {
		t.Skip("short mode")
	}
	opt := Options{Datasets: 5000, Params: 1000, Nodes: 2000, Factories: 8, Seed: 1}
	start := time.Now()
	files := Files(opt)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("generating took %v", d)
	}
	checkProject(t, opt)
	size := 0
	for _, f := range files {
		size += len(f)
	}
	t.Logf("%d files, %d bytes in %v", len(files), size, time.Since(start))
}

// TestNodeScriptRuns runs the generated node script once, as a node would.
func TestNodeScriptRuns(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found")
	}
	dir := t.TempDir()
	if err := Generate(dir, Options{Datasets: 5, Nodes: 1, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "in.csv")
	os.WriteFile(in, []byte("a,b\n1,2\n"), 0o644)
	cmd := exec.Command(python, "src/"+Package+"/node.py", "--in", in, "--in", "missing",
		"--out", "data/x/out.txt", "--out-dir", "data/parts", "--param", "alpha=0.5")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, p := range []string{"data/x/out.txt", "data/parts/part-0000"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Error(err)
		}
	}
}

// TestKfcVetIsClean runs a real kfc binary when KFC_BIN names one
// (scripts/bench.sh does the same at benchmark sizes).
func TestKfcVetIsClean(t *testing.T) {
	bin := os.Getenv("KFC_BIN")
	if bin == "" {
		t.Skip("set KFC_BIN to a kfc binary to vet generated projects")
	}
	for _, opt := range shapes {
		t.Run(name(opt), func(t *testing.T) {
			dir := t.TempDir()
			if err := Generate(dir, opt); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(bin, "vet", ".")
			cmd.Dir = dir
			out, err := cmd.CombinedOutput()
			if err != nil || len(out) > 0 {
				t.Errorf("kfc vet: %v\n%s", err, out)
			}
		})
	}
}

func name(o Options) string {
	return fmtInts("d", o.Datasets, "p", o.Params, "n", o.Nodes, "f", o.Factories)
}

func fmtInts(parts ...any) string {
	var b bytes.Buffer
	for i := 0; i < len(parts); i += 2 {
		b.WriteString(parts[i].(string))
		b.WriteString(itoa(parts[i+1].(int)))
	}
	return b.String()
}

func itoa(n int) string { return string(appendInt(nil, n)) }

func appendInt(b []byte, n int) []byte {
	if n >= 10 {
		b = appendInt(b, n/10)
	}
	return append(b, byte('0'+n%10))
}
