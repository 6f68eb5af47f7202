package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestRunsOnAFileStoreMLflowWrote reads the FileStore MLflow's own
// FileStore wrote (runtime/tracking/filestore/testdata/golden, made by
// make_golden.py) with kfc runs.
func TestRunsOnAFileStoreMLflowWrote(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mlruns")
	copyTree(t, filepath.Join("..", "..", "runtime", "tracking", "filestore", "testdata", "golden", "mlruns"), dir)
	run := func(args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		if code := Main(append(args, "--tracking-uri", "file://"+filepath.ToSlash(dir)), &out, &errb); code != 0 {
			t.Fatalf("kfc %v: exit %d: %s", args, code, errb.String())
		}
		return out.String()
	}
	ls := run("runs", "ls")
	if !strings.Contains(ls, "0123456789abcdef0123456789abcdef  my exp") {
		t.Errorf("ls:\n%s", ls)
	}
	show := run("runs", "show", "0123456789ab")
	for _, want := range []string{"name        train\n", "experiment  my exp (123456789012345678)\n", "  loss  0.5  step -1\n", "  alpha", "  kfc.pipeline"} {
		if !strings.Contains(show, want) {
			t.Errorf("show lacks %q:\n%s", want, show)
		}
	}
	diff := run("runs", "diff", "0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef")
	if !strings.Contains(diff, "no param or metric differs") {
		t.Errorf("diff of a run with itself:\n%s", diff)
	}
}

// mlflowPython runs a script of the mlflow-reader harness kind (MLflow's
// own code, ../shared/tools/mlflow-reader); the test skips without it.
func mlflowPython(t *testing.T, script string, args ...string) {
	t.Helper()
	harness := os.Getenv("KFC_MLFLOW_READER")
	if harness == "" {
		harness = filepath.Join("..", "..", "..", "shared", "tools", "mlflow-reader")
	}
	src := os.Getenv("MLFLOW_CLIENT_SRC")
	if src == "" {
		src = "/tmp/mlflow-client-src"
	}
	for _, p := range []string{filepath.Join(harness, "_harness.py"), filepath.Join(src, ".kfc-setup-stamp"), "/usr/bin/python3"} {
		if _, err := os.Stat(p); err != nil {
			t.Skipf("MLflow reader not available (%s missing; see ../shared/tools/mlflow-reader/README.md)", p)
		}
	}
	harness, _ = filepath.Abs(harness)
	cmd := exec.Command("/usr/bin/python3", append([]string{script}, args...)...)
	cmd.Env = append(os.Environ(), "PYTHONPATH="+src+":"+src+"/_gen:"+src+"/_stubs", "MLFLOW_DISABLE_TELEMETRY=true", "DO_NOT_TRACK=true")
	cmd.Args = append(cmd.Args, harness)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", script, err, out)
	}
}

// TestRunsOnASQLiteStoreMLflowWrote has MLflow's SqlAlchemyStore write a
// database (runtime/tracking/sqlstore/testdata/make_rows.py) and reads it
// with kfc runs.
func TestRunsOnASQLiteStoreMLflowWrote(t *testing.T) {
	db := filepath.Join(t.TempDir(), "mlflow.db")
	mlflowPython(t, filepath.Join("..", "..", "runtime", "tracking", "sqlstore", "testdata", "make_rows.py"), db)
	run := func(args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		if code := Main(append(args, "--tracking-uri", "sqlite:///"+db), &out, &errb); code != 0 {
			t.Fatalf("kfc %v: exit %d: %s", args, code, errb.String())
		}
		return out.String()
	}
	ls := run("runs", "ls")
	lines := strings.Split(strings.TrimSpace(ls), "\n")
	if len(lines) != 3 || !regexp.MustCompile(`Default +second +RUNNING`).MatchString(lines[1]) || !regexp.MustCompile(`exp +renamed +FINISHED`).MatchString(lines[2]) {
		t.Errorf("ls (newest first):\n%s", ls)
	}
	show := run("runs", "show", "renamed")
	// MLflow's SQL store keeps +-inf as +-sys.float_info.max, and reads them back so.
	for _, want := range []string{`params \(2\):\n  alpha +0\.1\n  model/depth +3\n`, `\n  loss +1\.7976931348623157e\+308 +step 1\n`,
		`\n  nan +2\.0 +step 0\n`, `\n  k +v2\n`} {
		if !regexp.MustCompile(want).MatchString(show) {
			t.Errorf("show lacks %s:\n%s", want, show)
		}
	}
	diff := run("runs", "diff", "renamed", "second")
	if !regexp.MustCompile(`\n\*  param +alpha +0\.1 +- +-\n`).MatchString(diff) {
		t.Errorf("diff:\n%s", diff)
	}
}
