package cli

import (
	"bytes"
	"github.com/kfc-dev/kfc/internal/schematest"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// canary is a secret in conf/local/credentials.yml that a dataset
// references by name; it must appear in no plan and no output.
const canary = "CANARY-c0ffee-4b1d-never-print-me"

// exampleFiles reads examples/spaceflights (without data or hidden files)
// and makes one dataset reference credentials holding the canary.
func exampleFiles(t *testing.T) map[string][]byte {
	t.Helper()
	root := filepath.Join("..", "..", "examples", "spaceflights")
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." && (strings.HasPrefix(d.Name(), ".") || rel == "data" || rel == "mlruns") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") || strings.HasSuffix(rel, ".pyc") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files[rel] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	files["conf/local/credentials.yml"] = []byte("dev_s3:\n  client_kwargs:\n    aws_access_key_id: AKIA-" + canary + "\n    aws_secret_access_key: " + canary + "\n")
	cat := string(files["conf/base/catalog.yml"])
	const anchor = "companies:\n  <<: *csv\n"
	if !strings.Contains(cat, anchor) {
		t.Fatalf("examples/spaceflights/conf/base/catalog.yml changed: no %q", anchor)
	}
	files["conf/base/catalog.yml"] = []byte(strings.Replace(cat, anchor, anchor+"  credentials: dev_s3\n", 1))
	return files
}

// writeProject writes files under dir in the given order, each with its own
// modification time.
func writeProject(t *testing.T, dir string, files map[string][]byte, order []string, mtime func(i int) time.Time) {
	t.Helper()
	for i, rel := range order {
		full := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, files[rel], 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(full, mtime(i), mtime(i)); err != nil {
			t.Fatal(err)
		}
	}
}

func runKfc(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Main(args, &out, &errOut)
	return out.String(), errOut.String(), code
}

// TestBuildDeterministic builds one project from two folders whose files
// were created in opposite orders with different times, from different
// working directories, under different environment variables, time zones
// and locales, several times each: the plans (and graphs) must be
// byte-identical, validate against the plan's JSON Schema, and hold no
// absolute path, user name or secret.
func TestBuildDeterministic(t *testing.T) {
	files := exampleFiles(t)
	order := make([]string, 0, len(files))
	for rel := range files {
		order = append(order, rel)
	}
	sort.Strings(order)
	reversed := append([]string(nil), order...)
	for i, j := 0, len(reversed)-1; i < j; i, j = i+1, j-1 {
		reversed[i], reversed[j] = reversed[j], reversed[i]
	}
	base := t.TempDir()
	dirA := filepath.Join(base, "first", "spaceflights")
	dirB := filepath.Join(base, "second copy", "elsewhere", "proj")
	rng := rand.New(rand.NewPCG(1, 2))
	writeProject(t, dirA, files, order, func(i int) time.Time { return time.Unix(1_600_000_000+int64(i), 0) })
	writeProject(t, dirB, files, reversed, func(int) time.Time { return time.Unix(1_900_000_000-rng.Int64N(1_000_000), 0) })

	t.Setenv("KFC_ENV", "")
	t.Setenv("KEDRO_ENV", "")
	build := func(args ...string) string {
		t.Helper()
		out, errOut, code := runKfc(t, append([]string{"build"}, args...)...)
		if code != 0 {
			t.Fatalf("kfc build %v: exit %d\n%s", args, code, errOut)
		}
		if strings.Contains(out, canary) || strings.Contains(errOut, canary) {
			t.Fatalf("kfc build %v printed the credentials canary", args)
		}
		if errOut != "" {
			t.Fatalf("kfc build %v wrote to stderr:\n%s", args, errOut)
		}
		return out
	}

	t.Chdir(base)
	want := build(dirA)
	for _, forbidden := range []string{base, dirA, dirB, "second copy", os.Getenv("USER"), os.Getenv("HOME")} {
		if forbidden != "" && forbidden != "/" && strings.Contains(want, forbidden) {
			t.Errorf("plan contains %q", forbidden)
		}
	}
	if err := schematest.ValidatePlan([]byte(want)); err != nil {
		t.Fatalf("plan does not validate: %v", err)
	}
	for i := 0; i < 3; i++ {
		if got := build(dirA); got != want {
			t.Fatalf("second build of the same folder differs")
		}
	}

	t.Setenv("TZ", "Pacific/Chatham")
	t.Setenv("LANG", "tr_TR.UTF-8")
	t.Setenv("LC_ALL", "tr_TR.UTF-8")
	t.Setenv("USER", "someone-else")
	t.Setenv("HOME", filepath.Join(base, "home"))
	t.Setenv("MLFLOW_TRACKING_URI", "http://tracking.invalid")
	t.Setenv("AWS_SECRET_ACCESS_KEY", canary)
	t.Chdir(dirB)
	if got := build("."); got != want {
		t.Fatalf("plans differ between folders:\n%s", firstDifference(want, got))
	}
	t.Chdir(filepath.Join(dirB, "conf", "base"))
	if got := build(); got != want {
		t.Fatalf("plan built from a subfolder differs:\n%s", firstDifference(want, got))
	}

	// -o writes the same bytes.
	outFile := filepath.Join(base, "plan.json")
	if _, errOut, code := runKfc(t, "build", dirB, "-o", outFile); code != 0 {
		t.Fatalf("kfc build -o: exit %d: %s", code, errOut)
	}
	if b, err := os.ReadFile(outFile); err != nil || string(b) != want {
		t.Fatalf("-o file differs from stdout (err %v)", err)
	}

	// The drawings are deterministic too.
	for _, format := range []string{"mermaid", "dot"} {
		a, _, codeA := runKfc(t, "graph", dirA, "--format", format)
		b, _, codeB := runKfc(t, "graph", dirB, "--format", format)
		if codeA != 0 || codeB != 0 || a != b || a == "" {
			t.Errorf("graph --format %s differs between folders (exit %d/%d)", format, codeA, codeB)
		}
	}
}

func firstDifference(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(la) && i < len(lb); i++ {
		if la[i] != lb[i] {
			return "line " + strconv.Itoa(i+1) + ":\n  want " + la[i] + "\n  got  " + lb[i]
		}
	}
	return "lengths differ"
}

// TestBuildCanaryInDiagnostics: a project that fails vet still never
// prints the credentials' values.
func TestBuildCanaryInDiagnostics(t *testing.T) {
	files := exampleFiles(t)
	files["conf/base/catalog.yml"] = append(files["conf/base/catalog.yml"], []byte("\nbroken:\n  type: pandas.CSVDataset\n  credentials: dev_s4\n")...)
	dir := t.TempDir()
	order := make([]string, 0, len(files))
	for rel := range files {
		order = append(order, rel)
	}
	sort.Strings(order)
	writeProject(t, dir, files, order, func(int) time.Time { return time.Unix(1_700_000_000, 0) })
	t.Setenv("KFC_ENV", "")
	t.Setenv("KEDRO_ENV", "")
	for _, args := range [][]string{{"build", dir}, {"graph", dir}, {"vet", dir}} {
		out, errOut, code := runKfc(t, args...)
		if code != ExitFindings {
			t.Errorf("%v: exit %d, want %d\n%s%s", args, code, ExitFindings, out, errOut)
		}
		if strings.Contains(out+errOut, canary) {
			t.Errorf("%v printed the credentials canary", args)
		}
	}
}
