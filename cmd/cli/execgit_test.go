//go:build unix

package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/internal/gittest"
	"github.com/kfc-dev/kfc/runtime/manifest"
	"github.com/kfc-dev/kfc/runtime/tracking/sqlstore"
)

// A run in a git checkout reads it once, with git's five commands side by
// side, for its manifest and its tracking tags together (they were eight,
// one after the other), and both record the same HEAD.
func TestRunReadsItsCheckoutOnce(t *testing.T) {
	realGit := gittest.Isolate(t)
	t.Setenv("MLFLOW_TRACKING_URI", "") // the default store, in the project
	dir := writeFiles(t, stampProject)
	gittest.Run(t, dir, "init", "-q", "-b", "main")
	gittest.Run(t, dir, "remote", "add", "origin", "https://bob:hunter2@example.com/team/proj.git")
	gittest.Run(t, dir, "add", ".")
	gittest.Run(t, dir, "commit", "-q", "-m", "init")
	commit := gittest.Run(t, dir, "rev-parse", "HEAD")

	// A git first on PATH that notes each command kfc runs.
	bin, log := t.TempDir(), filepath.Join(t.TempDir(), "git.log")
	wrapper := "#!/bin/sh\necho \"$*\" >> '" + log + "'\nexec '" + realGit + "' \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "git"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))

	var out, errb bytes.Buffer
	if code := Main([]string{"exec", dir, "-j", "1"}, &out, &errb); code != 0 {
		t.Fatalf("kfc exec: exit %d\n%s", code, errb.String())
	}
	calls := strings.Split(strings.TrimSpace(string(readFile(t, log))), "\n")
	if len(calls) != 5 {
		t.Errorf("%d git commands, want 5:\n%s", len(calls), strings.Join(calls, "\n"))
	}

	manifests, _ := filepath.Glob(filepath.Join(dir, ".kfc", "runs", "*", "manifest.json"))
	if len(manifests) != 1 {
		t.Fatalf("manifests: %v", manifests)
	}
	var m manifest.Manifest
	if err := json.Unmarshal(readFile(t, manifests[0]), &m); err != nil {
		t.Fatal(err)
	}
	if m.Git.Commit != commit || m.Git.Branch != "main" || m.Git.RepoURL != "https://example.com/team/proj.git" {
		t.Errorf("manifest git: %+v, want commit %s on main", m.Git, commit)
	}

	st, err := sqlstore.Open(filepath.Join(dir, "mlflow.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	run, err := st.GetRun(context.Background(), m.Tracking.RunID)
	if err != nil {
		t.Fatal(err)
	}
	tags := map[string]string{}
	for _, tg := range run.Tags {
		tags[tg.Key] = tg.Value
	}
	for k, want := range map[string]string{
		"mlflow.source.git.commit":  commit,
		"mlflow.source.git.branch":  "main",
		"mlflow.source.git.repoURL": "https://example.com/team/proj.git",
	} {
		if tags[k] != want {
			t.Errorf("tag %s = %q, want %q", k, tags[k], want)
		}
	}
}
