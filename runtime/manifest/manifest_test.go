package manifest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/internal/gittest"
	"github.com/kfc-dev/kfc/internal/schematest"
	"github.com/kfc-dev/kfc/runtime/digest"
	"github.com/kfc-dev/kfc/runtime/lockfile"
)

func write(t *testing.T, path, content string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func art(t *testing.T, root, name, rel string) lockfile.Artifact {
	t.Helper()
	d, err := digest.Sum(filepath.Join(root, rel))
	if err != nil {
		t.Fatal(err)
	}
	return lockfile.Artifact{Name: name, Path: rel, Size: d.Size, Digest: d.Digest}
}

func sample(t *testing.T, root string) *Manifest {
	zero := 0
	write(t, filepath.Join(root, "data/model.pkl"), "model")
	write(t, filepath.Join(root, "data/metrics.json/2026-01-02T03.04.05.678Z/metrics.json"), `{"r2": 0.9}`)
	write(t, filepath.Join(root, "data/parts/a.csv"), "a")
	versioned := art(t, root, "metrics", "data/metrics.json/2026-01-02T03.04.05.678Z/metrics.json")
	versioned.Path, versioned.Version = "data/metrics.json", "2026-01-02T03.04.05.678Z"
	return &Manifest{
		KfcVersion: "test", RunID: "2026-01-02T03.04.05.678Z",
		PlanHash: "sha256:" + strings.Repeat("0", 64), PlanFile: "plan.json",
		OS: "linux", Arch: "amd64", User: "me", CommandLine: []string{"exec", "."},
		Env: "local", Pipeline: "__default__",
		StartTime: "2026-01-02T03:04:05.678Z", EndTime: "2026-01-02T03:04:06.000Z", Status: Finished,
		Nodes: []Node{
			{ID: "node.train", Name: "train", Command: "python train.py", ExitCode: &zero, DurationMS: 12, Status: Succeeded, Reason: "output model missing", Log: "logs/train.log",
				Parameters: map[string]json.RawMessage{"params:lr": json.RawMessage("0.1")},
				Outputs:    []lockfile.Artifact{art(t, root, "model", "data/model.pkl"), versioned, {Name: "table", Path: "sql://db/t", External: true}}},
			{ID: "node.split", Name: "split", Command: "true", Status: Skipped, Reason: "up to date",
				Outputs: []lockfile.Artifact{art(t, root, "parts", "data/parts")}},
			{ID: "node.later", Name: "later", Command: "true", Status: NotRun, Reason: "dependency train failed"},
		},
		Tracking: &Tracking{URI: "sqlite:///mlflow.db", ExperimentID: "0", RunID: "abc"},
	}
}

func TestWriteReadAndJSONSchema(t *testing.T) {
	root := t.TempDir()
	m := sample(t, root)
	path := Path(root, m.RunID)
	if err := Write(path, m); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if err := schematest.ValidateManifest(b); err != nil {
		t.Fatalf("written manifest does not fit `kfc schema manifest`: %v\n%s", err, b)
	}
	back, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if back.SchemaVersion != "1" || len(back.Nodes) != 3 || *back.Nodes[0].ExitCode != 0 || back.Nodes[2].ExitCode != nil || back.Tracking.RunID != "abc" {
		t.Fatalf("round trip: %+v", back)
	}
	b2, _ := Encode(back)
	if string(b2) != string(b) {
		t.Errorf("re-encoding changed bytes")
	}
}

func TestReadRejects(t *testing.T) {
	root := t.TempDir()
	m := sample(t, root)
	good, _ := Encode(m)
	for _, tc := range []struct{ from, to, want string }{
		{`"status": "FINISHED"`, `"status": "DONE"`, `status: invalid value "DONE" (want one of`},
		{`"size": 5`, `"size": -5`, "nodes.0.outputs.0.size: invalid value -5"},
		{`"schema_version": "1"`, `"schema_version": "2"`, "schema_version"},
		{`"user": "me"`, `"user": "me", "password": "x"`, "password"},
		{`"run_id": "2026-01-02T03.04.05.678Z"`, `"run_id": "../etc"`, "run_id"},
	} {
		bad := strings.Replace(string(good), tc.from, tc.to, 1)
		if bad == string(good) {
			t.Fatalf("edit %q not applied", tc.from)
		}
		p := filepath.Join(root, "bad.json")
		write(t, p, bad)
		_, err := Read(p)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "bad.json:") {
			t.Errorf("%s: err = %v, want the file and %q", tc.to, err, tc.want)
		}
		if schematest.ValidateManifest([]byte(bad)) == nil {
			t.Errorf("%s: the JSON Schema accepts it", tc.to)
		}
	}
	write(t, filepath.Join(root, "trunc.json"), string(good[:40]))
	if _, err := Read(filepath.Join(root, "trunc.json")); err == nil || !strings.Contains(err.Error(), "trunc.json") {
		t.Errorf("truncated: %v", err)
	}
}

func TestVerify(t *testing.T) {
	root := t.TempDir()
	m := sample(t, root)
	r, err := VerifyReport(root, m)
	if err != nil || len(r.Problems) != 0 || r.Checked != 3 || len(r.External) != 1 {
		t.Fatalf("fresh outputs: %+v, %v", r, err)
	}
	write(t, filepath.Join(root, "data/model.pkl"), "MODEL") // same size
	os.Remove(filepath.Join(root, "data/metrics.json/2026-01-02T03.04.05.678Z/metrics.json"))
	write(t, filepath.Join(root, "data/parts/b.csv"), "b")
	ps, _ := Verify(root, m)
	got := map[string]Problem{}
	for _, p := range ps {
		got[p.Dataset] = p
	}
	if p := got["model"]; p.Kind != Changed || p.Want == p.Got || !strings.HasPrefix(p.Got, "sha256:") || p.Node != "node.train" {
		t.Errorf("model: %+v", p)
	}
	if p := got["metrics"]; p.Kind != Vanished || p.Path != "data/metrics.json/2026-01-02T03.04.05.678Z/metrics.json" {
		t.Errorf("metrics: %+v", p)
	}
	if p := got["parts"]; p.Kind != Changed {
		t.Errorf("parts (a folder with a new file): %+v", p)
	}
	if len(ps) != 3 {
		t.Errorf("%d problems, want 3: %+v", len(ps), ps)
	}
}

func TestVerifyBypassesTheCache(t *testing.T) {
	root := t.TempDir()
	m := sample(t, root)
	c := digest.OpenCache(root)
	c.Sum("data/model.pkl")
	c.Save()
	p := filepath.Join(root, "data/model.pkl")
	st, _ := os.Stat(p)
	write(t, p, "MODEL")
	os.Chtimes(p, st.ModTime(), st.ModTime())
	if ps, _ := Verify(root, m); len(ps) != 1 || ps[0].Dataset != "model" {
		t.Fatalf("rewrite with the old mtime: %+v", ps)
	}
}

func TestGitInfo(t *testing.T) {
	gittest.Isolate(t)
	if g := GitInfo(t.TempDir()); g != (Git{}) {
		t.Errorf("not a repository: %+v", g)
	}
	root := t.TempDir()
	gittest.Run(t, root, "init", "-q", "-b", "main")
	gittest.Run(t, root, "remote", "add", "origin", "https://bob:hunter2@example.com/team/proj.git")
	write(t, filepath.Join(root, "src.py"), "x")
	gittest.Run(t, root, "add", "src.py")
	gittest.Run(t, root, "commit", "-q", "-m", "init")
	// kfc's own state does not make the checkout dirty.
	write(t, filepath.Join(root, ".kfc/runs/r/manifest.json"), "{}")
	write(t, filepath.Join(root, "kfc.lock"), "{}")
	g := GitInfo(root)
	if len(g.Commit) != 40 || g.Branch != "main" || g.Dirty || g.RepoURL != "https://example.com/team/proj.git" {
		t.Fatalf("clean checkout: %+v", g)
	}
	// The tracking tags' view of the same reading.
	if h := StartGit(root).Reading().Wait().Head; h.Commit != g.Commit || h.Branch != g.Branch || h.RepoURL != g.RepoURL {
		t.Errorf("the reading's Head = %+v; want the manifest's %+v", h, g)
	}
	write(t, filepath.Join(root, "src.py"), "y")
	if g := GitInfo(root); !g.Dirty {
		t.Errorf("modified file: not dirty")
	}
}

// Encode's one pass must give what a full canonicalisation gives: struct
// fields in JSON name order, parameter values with sorted keys.
func TestEncodeIsCanonical(t *testing.T) {
	m := sample(t, t.TempDir())
	m.Nodes[0].Parameters["params:model"] = json.RawMessage(`{"z": 1, "a": [2, {"y": 1, "b": 0}]}`)
	b, err := Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	want, err := lockfile.Canonical(json.RawMessage(b))
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != string(want) {
		t.Errorf("Encode is not canonical:\n%s\nwant\n%s", b, want)
	}
}

func TestReadStatus(t *testing.T) {
	root := t.TempDir()
	m := sample(t, root)
	m.Status = Running
	m.Nodes[0].Status = NodeFailed // a node's status is not the run's
	path := Path(root, m.RunID)
	if err := Write(path, m); err != nil {
		t.Fatal(err)
	}
	if s, err := ReadStatus(path); err != nil || s != Running {
		t.Fatalf("ReadStatus = %q, %v; want RUNNING", s, err)
	}
	// Another layout (compact, hand-written) is decoded in full.
	write(t, path, `{"nodes": [{"status": "failed"}], "status": "KILLED"}`)
	if s, err := ReadStatus(path); err != nil || s != Killed {
		t.Fatalf("compact: ReadStatus = %q, %v", s, err)
	}
	write(t, path, `{"status": `)
	if _, err := ReadStatus(path); err == nil {
		t.Fatal("truncated manifest: no error")
	}
}
