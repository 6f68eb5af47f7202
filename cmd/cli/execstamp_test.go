package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kfc-dev/kfc/runtime/stamp"
	"github.com/kfc-dev/kfc/runtime/tracking/sqlstore"
)

var stampProject = map[string]string{
	"pyproject.toml":           "[tool.kedro]\npackage_name = \"demo\"\nproject_name = \"Demo\"\n",
	"conf/local/.keep":         "",
	"conf/base/parameters.yml": "prefix: \">\"\n",
	"conf/base/catalog.yml": "words:\n  type: text.TextDataset\n  filepath: data/words.txt\n" +
		"upper:\n  type: text.TextDataset\n  filepath: data/upper.txt\n" +
		"other:\n  type: text.TextDataset\n  filepath: data/other.txt\n",
	"conf/base/pipelines.yml": `__default__:
  nodes:
    - name: shout
      run: "tr a-z A-Z < {in.words} > {out.upper}"
      shell: true
      inputs: words
      outputs: upper
    - name: other
      run: "printf '%s other\n' {params.prefix} > {out.other}"
      shell: true
      params: [params:prefix]
      outputs: other
`,
	"data/words.txt": "hello\nworld\n",
}

// stampRun runs kfc exec -j1 in dir and returns its stdout, stderr and
// which path it took (KFC_DEBUG_STAMP's lines, taken out of stderr).
func stampRun(t *testing.T, dir string) (stdout, stderr, debug string) {
	t.Helper()
	var out, errb bytes.Buffer
	if code := Main([]string{"exec", dir, "-j", "1"}, &out, &errb); code != 0 {
		t.Fatalf("kfc exec: exit %d\n%s\n%s", code, out.String(), errb.String())
	}
	var rest, dbg []string
	for _, l := range strings.SplitAfter(errb.String(), "\n") {
		if strings.HasPrefix(l, "kfc: debug: stamp: ") {
			dbg = append(dbg, strings.TrimSpace(strings.TrimPrefix(l, "kfc: debug: stamp: ")))
		} else {
			rest = append(rest, l)
		}
	}
	return out.String(), strings.Join(rest, ""), strings.Join(dbg, "; ")
}

// noRacyWindow makes the walks see every file as old enough: the tests
// write files and run at once, faster than the timestamp granularity.
func noRacyWindow(t *testing.T) {
	now := stamp.Now
	stamp.Now = func() time.Time { return time.Now().Add(time.Hour) }
	t.Cleanup(func() { stamp.Now = now })
}

func stampedProject(t *testing.T) string {
	t.Helper()
	noRacyWindow(t)
	t.Setenv(DebugStampEnv, "1")
	t.Setenv("MLFLOW_TRACKING_URI", "") // the default store, in the project
	dir := writeFiles(t, stampProject)
	stampRun(t, dir) // runs both nodes
	if _, _, dbg := stampRun(t, dir); dbg != "none; recorded" {
		t.Fatalf("second run: %q, want recorded", dbg)
	}
	return dir
}

var volatile = regexp.MustCompile(`[0-9a-f]{32}|\d{4}-\d\d-\d\dT\d\d[.:]\d\d[.:]\d\d\.\d{3}Z|\d\d:\d\d:\d\d\.\d{3}|in \d+\.\ds`)

// A run from the stamp prints, records and tracks what the normal
// up-to-date run before it did: the same lines, the same manifest but for
// its run id and times, a tracked MLflow run.
//
// Both ways from the stamp: replayed (engine.Replay), and deciding from the
// stamp's gob plan and kfc.lock when its replay record is unusable.
func TestStampRunIsTheNormalRun(t *testing.T) {
	for _, replay := range []bool{true, false} {
		t.Run(map[bool]string{true: "replayed", false: "decided"}[replay], func(t *testing.T) { stampRunIsTheNormalRun(t, replay) })
	}
}

func stampRunIsTheNormalRun(t *testing.T, replay bool) {
	dir := stampedProject(t)
	summary := filepath.Join(t.TempDir(), "summary.md")
	t.Setenv("GITHUB_STEP_SUMMARY", summary)
	want := "up to date, replayed"
	if !replay {
		want = "up to date"
	}
	if _, _, dbg := stampRun(t, dir); dbg != "up to date, replayed" {
		t.Fatalf("third run: %q", dbg)
	}
	os.Remove(summary)
	normalOut, normalErr, dbg := stampRunWithout(t, dir)
	if dbg != "none; recorded" {
		t.Fatalf("normal run: %q", dbg)
	}
	normalSummary, _ := os.ReadFile(summary)
	os.Remove(summary)
	if !replay {
		spoil(t, dir, "*.replay")
		want = "up to date; recorded" // the record is written again
	}
	if replay { // this run verifies the stamp's copies; the next trusts them by their identity (plan.json copied)
		if _, _, dbg := stampRun(t, dir); dbg != want {
			t.Fatalf("first fast run: %q, want %q", dbg, want)
		}
		os.Remove(summary)
		if s, _ := filepath.Glob(filepath.Join(dir, filepath.FromSlash(stamp.Dir), "*.json")); len(s) == 0 || !bytes.Contains(readFile(t, s[0]), []byte(`"copy.plan.json"`)) {
			t.Fatalf("the plan copy was not verified: %v", s)
		}
	}
	fastOut, fastErr, dbg := stampRun(t, dir)
	if dbg != want {
		t.Fatalf("fast run: %q, want %q", dbg, want)
	}
	if a, b := volatile.ReplaceAllString(normalOut+normalErr, "X"), volatile.ReplaceAllString(fastOut+fastErr, "X"); a != b {
		t.Errorf("output differs:\nnormal:\n%s\nfrom the stamp:\n%s", a, b)
	}
	fastSummary, _ := os.ReadFile(summary)
	if a, b := volatile.ReplaceAllString(string(normalSummary), "X"), volatile.ReplaceAllString(string(fastSummary), "X"); a == "" || a != b {
		t.Errorf("GITHUB_STEP_SUMMARY differs:\nnormal:\n%s\nfrom the stamp:\n%s", a, b)
	}
	runs := manifestsByStart(t, dir)
	normal, fast := runs[len(runs)-2], runs[len(runs)-1]
	planOf := func(m map[string]any) string {
		b, err := os.ReadFile(filepath.Join(dir, ".kfc", "runs", m["run_id"].(string), "plan.json"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if a, b := planOf(normal), planOf(fast); a != b {
		t.Errorf("plan.json differs:\nnormal:\n%s\nfrom the stamp:\n%s", a, b)
	}
	if a, b := trackedRun(t, dir, normal["run_id"].(string)), trackedRun(t, dir, fast["run_id"].(string)); a != b {
		t.Errorf("tracked runs differ:\nnormal:\n%s\nfrom the stamp:\n%s", a, b)
	}
	for _, m := range []map[string]any{normal, fast} {
		for _, k := range []string{"run_id", "start_time", "end_time", "tracking", "command_line"} {
			if k == "tracking" && m[k] == nil {
				t.Errorf("the run was not tracked: %v", m)
			}
			delete(m, k)
		}
	}
	a, _ := json.Marshal(normal)
	b, _ := json.Marshal(fast)
	if !bytes.Equal(a, b) {
		t.Errorf("manifests differ:\nnormal:         %s\nfrom the stamp: %s", a, b)
	}
	if _, err := os.Stat(filepath.Join(dir, "mlflow.db")); err != nil {
		t.Errorf("no tracking store: %v", err)
	}
}

// trackedRun is what mlflow.db holds of a run (info, params, tags,
// metrics, artifacts), its ids and times replaced.
func trackedRun(t *testing.T, dir, runID string) string {
	t.Helper()
	st, err := sqlstore.Open(filepath.Join(dir, "mlflow.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	r, err := st.GetRun(ctx, runID)
	if err != nil {
		t.Fatal(err)
	}
	arts, err := st.ListArtifacts(ctx, runID, "")
	if err != nil {
		t.Fatal(err)
	}
	info := r.Info
	info.RunID, info.StartTime, info.EndTime, info.ArtifactURI = "", 0, 0, volatile.ReplaceAllString(info.ArtifactURI, "X")
	var b strings.Builder
	fmt.Fprintf(&b, "%+v\nparams %v\nmetrics %v\nartifacts %v\n", info, r.Params, r.Metrics, arts)
	for _, tag := range r.Tags {
		fmt.Fprintf(&b, "tag %s=%s\n", tag.Key, volatile.ReplaceAllString(tag.Value, "X"))
	}
	return b.String()
}

// stampRunWithout runs with the stamps removed.
func stampRunWithout(t *testing.T, dir string) (string, string, string) {
	t.Helper()
	if err := os.RemoveAll(filepath.Join(dir, filepath.FromSlash(stamp.Dir))); err != nil {
		t.Fatal(err)
	}
	return stampRun(t, dir)
}

func manifestsByStart(t *testing.T, dir string) []map[string]any {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, ".kfc", "runs", "*", "manifest.json"))
	var ms []map[string]any
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		ms = append(ms, m)
	}
	for i := range ms { // insertion sort by start time (run ids from MLflow are not ordered)
		for j := i; j > 0 && ms[j]["start_time"].(string) < ms[j-1]["start_time"].(string); j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
	return ms
}

// Changes the testscript cannot make: another kfc version, and a file
// rewritten with its size and modification time kept (its inode change
// time still differs).
func TestStampNotUsedAfter(t *testing.T) {
	t.Run("another kfc version", func(t *testing.T) {
		dir := stampedProject(t)
		v := Version
		Version = v + "+other"
		t.Cleanup(func() { Version = v })
		if _, _, dbg := stampRun(t, dir); !strings.HasPrefix(dbg, "not used") {
			t.Errorf("got %q", dbg)
		}
	})
	t.Run("a file rewritten with its size and mtime kept", func(t *testing.T) {
		dir := stampedProject(t)
		p := filepath.Join(dir, "conf", "base", "parameters.yml")
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("prefix: \"<\"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, st.ModTime(), st.ModTime()); err != nil {
			t.Fatal(err)
		}
		_, errOut, dbg := stampRun(t, dir)
		if !strings.HasPrefix(dbg, "not used") || !strings.Contains(errOut, "1 succeeded, 1 skipped") {
			t.Errorf("got %q\n%s", dbg, errOut)
		}
	})
	t.Run("the stamp's plan copy edited", func(t *testing.T) {
		dir := stampedProject(t)
		copies, _ := filepath.Glob(filepath.Join(dir, filepath.FromSlash(stamp.Dir), "*.plan.json"))
		if len(copies) != 1 {
			t.Fatalf("plan copies: %v", copies)
		}
		b, _ := os.ReadFile(copies[0])
		os.WriteFile(copies[0], bytes.Replace(b, []byte("other"), []byte("Other"), 1), 0o644)
		if _, _, dbg := stampRun(t, dir); !strings.HasPrefix(dbg, "not used: its plan copy") {
			t.Errorf("got %q", dbg)
		}
	})
	t.Run("the stamp's replay record edited: decided from the gob plan", func(t *testing.T) {
		dir := stampedProject(t)
		spoil(t, dir, "*.replay")
		if _, _, dbg := stampRun(t, dir); dbg != "up to date; recorded" {
			t.Errorf("got %q", dbg)
		}
		if _, _, dbg := stampRun(t, dir); dbg != "up to date, replayed" {
			t.Errorf("after the record was written again: %q", dbg)
		}
	})
	t.Run("the stamp's replay record and gob plan edited: decoded from its JSON", func(t *testing.T) {
		dir := stampedProject(t)
		spoil(t, dir, "*.replay")
		spoil(t, dir, "*.plan.gob")
		if _, _, dbg := stampRun(t, dir); dbg != "up to date; recorded" {
			t.Errorf("got %q", dbg)
		}
	})
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// spoil overwrites the stamp's one copy matching pattern.
func spoil(t *testing.T, dir, pattern string) {
	t.Helper()
	copies, _ := filepath.Glob(filepath.Join(dir, filepath.FromSlash(stamp.Dir), pattern))
	if len(copies) != 1 {
		t.Fatalf("%s: %v", pattern, copies)
	}
	if err := os.WriteFile(copies[0], []byte("not gob"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A run that matched its stamp asks again once it holds the project
// lock: another kfc exec that ran nodes in between (here --force) changed
// kfc.lock's journal, and the run then decides as any run.
func TestStampRecheckedUnderTheProjectLock(t *testing.T) {
	dir := stampedProject(t)
	c := &ExecCmd{Target: dir, Jobs: 1, Grace: 10 * time.Second} // as kong parses "exec DIR -j 1"
	c.EnvManager = "local"
	var errb bytes.Buffer
	cwd, _ := os.Getwd()
	e := &env{stdout: &bytes.Buffer{}, stderr: &errb, getenv: os.LookupEnv, cwd: cwd}
	u := c.openUpToDate(e)
	if p, _, _, _ := u.plan(e); p == nil {
		t.Fatalf("no match: %s", errb.String())
	}
	if !u.stillUpToDate() {
		t.Fatal("nothing ran, yet not up to date")
	}
	var out bytes.Buffer
	if code := Main([]string{"exec", dir, "--force"}, &out, &out); code != 0 {
		t.Fatalf("kfc exec --force: %d\n%s", code, out.String())
	}
	if u.stillUpToDate() {
		t.Error("nodes ran meanwhile, yet still up to date")
	}
}
