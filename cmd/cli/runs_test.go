package cli

import (
	"bytes"
	"path/filepath"
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
