package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPreCommitHooks runs the hooks of .pre-commit-hooks.yaml with Debian's
// real pre-commit on a throwaway git repository: a bad catalog must fail
// the hook with kfc's finding, a fixed one must pass.
func TestPreCommitHooks(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the pre-commit round trip")
	}
	for _, tool := range []string{"pre-commit", "git", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (.ci/run installs pre-commit); skipping", tool)
		}
	}
	repoRoot, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "kfc"), "./cmd/kfc")
	build.Dir = repoRoot
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	modcache, _ := exec.Command("go", "env", "GOMODCACHE").Output()

	for _, hook := range []string{"kfc-vet-system", "kfc-vet"} {
		t.Run(hook, func(t *testing.T) {
			work := t.TempDir()
			env := append(os.Environ(),
				"PRE_COMMIT_HOME="+filepath.Join(work, ".cache"),
				"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
				// The golang hook builds kfc from this repository; share the
				// module cache so it needs no download.
				"GOMODCACHE="+strings.TrimSpace(string(modcache)),
				"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
				"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com",
			)
			run := func(wantOK bool, name string, args ...string) string {
				cmd := exec.Command(name, args...)
				cmd.Dir, cmd.Env = filepath.Join(work, "proj"), env
				out, err := cmd.CombinedOutput()
				if (err == nil) != wantOK {
					t.Fatalf("%s %v: err=%v, want success=%v\n%s", name, args, err, wantOK, out)
				}
				return string(out)
			}
			write(t, filepath.Join(work, "proj/conf/local/.gitkeep"), "")
			write(t, filepath.Join(work, "proj/conf/base/catalog.yml"), "companies:\n  type: pandas.CSVDataset\n  filepathh: data/companies.csv\n")
			write(t, filepath.Join(work, "proj/README.md"), "not config\n")
			run(true, "git", "init", "-q")
			run(true, "git", "add", ".")

			out := run(false, "pre-commit", "try-repo", repoRoot, hook, "--all-files")
			if !strings.Contains(out, "conf/base/catalog.yml:3:3: error:") || !strings.Contains(out, "[dataset-unknown-argument]") {
				t.Fatalf("the hook did not report kfc's finding:\n%s", out)
			}
			write(t, filepath.Join(work, "proj/conf/base/catalog.yml"), "companies:\n  type: pandas.CSVDataset\n  filepath: data/companies.csv\n")
			run(true, "git", "add", ".")
			run(true, "pre-commit", "try-repo", repoRoot, hook, "--all-files")
		})
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
