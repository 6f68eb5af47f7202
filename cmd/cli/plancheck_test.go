package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kfc-dev/kfc/compiler/plan"
)

// misbuild makes encodePlan build plans that do not fit #Plan (a schema
// version kfc does not write), as a drift between the plan compiler and
// plan.cue would, for the duration of the test.
func misbuild(t *testing.T) {
	t.Helper()
	encodePlan = func(p *plan.Plan) ([]byte, error) {
		b, err := plan.Encode(p)
		return bytes.Replace(b, []byte(`"schema_version": "1"`), []byte(`"schema_version": "0"`), 1), err
	}
	t.Cleanup(func() { encodePlan = plan.Encode })
}

func exampleProject(t *testing.T) string {
	t.Helper()
	files := exampleFiles(t)
	order := make([]string, 0, len(files))
	for rel := range files {
		order = append(order, rel)
	}
	sort.Strings(order)
	dir := t.TempDir()
	writeProject(t, dir, files, order, func(int) time.Time { return time.Unix(1700000000, 0) })
	return dir
}

// bugLine checks that stderr is one line saying the built plan does not
// fit #Plan and that this is kfc's bug.
func bugLine(t *testing.T, stderr string) {
	t.Helper()
	if strings.Count(strings.TrimRight(stderr, "\n"), "\n") != 0 ||
		!strings.Contains(stderr, "the plan kfc built does not fit #Plan") || !strings.Contains(stderr, "this is a bug in kfc") {
		t.Errorf("stderr is not one line naming kfc's bug:\n%s", stderr)
	}
}

// TestBuildChecksThePlanItWrites: kfc build unifies its plan with #Plan
// before writing it; one that does not fit is an internal error (exit 3)
// and no file.
func TestBuildChecksThePlanItWrites(t *testing.T) {
	dir := exampleProject(t)
	out := filepath.Join(t.TempDir(), "plan.json")
	if _, stderr, code := runKfc(t, "build", dir, "-o", out); code != ExitClean {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	os.Remove(out)
	misbuild(t)
	stdout, stderr, code := runKfc(t, "build", dir, "-o", out)
	if code != ExitInternal {
		t.Fatalf("build of a plan that does not fit #Plan: exit %d, want %d\n%s", code, ExitInternal, stderr)
	}
	bugLine(t, stderr)
	if _, err := os.Stat(out); err == nil || stdout != "" {
		t.Errorf("the plan was written anyway")
	}
}

// TestExecChecksThePlanItBuilds: kfc exec checks the plan it built before
// it runs anything.
func TestExecChecksThePlanItBuilds(t *testing.T) {
	dir := exampleProject(t)
	misbuild(t)
	_, stderr, code := runKfc(t, "exec", dir, "--no-tracking")
	if code != ExitInternal {
		t.Fatalf("exec of a plan that does not fit #Plan: exit %d, want %d\n%s", code, ExitInternal, stderr)
	}
	bugLine(t, stderr)
	if _, err := os.Stat(filepath.Join(dir, ".kfc", "runs")); err == nil {
		t.Errorf("exec started a run")
	}
}
