package recorder

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/kfc-dev/kfc/internal/gittest"
	"github.com/kfc-dev/kfc/runtime/internal/gitinfo"
)

// An MLproject run's mlflow.source.name is file://<work tree>#<subdir>
// inside git (MLflow's _get_git_url_if_present), the project's path
// outside it: the top comes from the checkout's one reading
// (gitinfo.Start), not a git command of its own.
func TestProjectSource(t *testing.T) {
	gittest.Isolate(t)
	tmp, err := filepath.EvalSymlinks(t.TempDir()) // git prints the resolved top
	if err != nil {
		t.Fatal(err)
	}
	repo, plain := filepath.Join(tmp, "repo"), filepath.Join(tmp, "plain")
	for _, d := range []string{filepath.Join(repo, "proj"), plain} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	gittest.Run(t, repo, "init", "-q")
	if out, err := exec.Command("git", "-C", plain, "rev-parse", "--git-dir").CombinedOutput(); err == nil {
		t.Skipf("the temporary folder is inside a git repository (%s)", out)
	}
	for root, want := range map[string]string{
		repo:                        "file://" + repo,
		filepath.Join(repo, "proj"): "file://" + repo + "#proj",
		plain:                       plain,
	} {
		if got := projectSource(root, gitinfo.Start(root).Wait().Top); got != want {
			t.Errorf("projectSource(%s) = %q, want %q", root, got, want)
		}
	}
}
