package cli

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/runtime/tracking"
	"github.com/kfc-dev/kfc/runtime/tracking/where"
)

// hostileExecFiles is a project whose dataset key, file path and
// parameter (name and value) hold control characters; node names cannot
// (vet refuses them). FAIL makes its node fail, NOWRITE leaves its
// output unwritten.
func hostileExecFiles() map[string]string {
	return map[string]string{
		"pyproject.toml":           "[tool.kedro]\npackage_name = \"demo\"\nproject_name = \"demo\"\n",
		"conf/base/catalog.yml":    "\"o\\n::error::OUT\\e[31m\\u202e\":\n  type: text.TextDataset\n  filepath: \"data/a\\e[31m\\n::error::P\\u009b.txt\"\n",
		"conf/base/parameters.yml": "\"p\\n::error::PARAM\\e[31m\": \"v\\e[31m\\n::error::V\"\n",
		"conf/base/pipelines.yml": "__default__:\n  nodes:\n    - name: n\n" +
			"      run: [sh, -c, 'test -n \"$NOWRITE\" || echo clean > \"$1\"; test -z \"$FAIL\"', sh, \"{out.o}\"]\n" +
			"      params: {p: \"params:p\\n::error::PARAM\\e[31m\"}\n      outputs: {o: \"o\\n::error::OUT\\e[31m\\u202e\"}\n",
		"conf/local/.keep": "",
	}
}

// hostileRunCommands runs kfc exec on a hostile project, writes hostile
// names into its tracking store (through the store, as another MLflow
// client could, and through kfc log), then reads them back with kfc runs,
// kfc verify and kfc import kedro --check.
func hostileRunCommands(t *testing.T) []cmdResult {
	dir := writeFiles(t, hostileExecFiles())
	var res []cmdResult
	run := func(args ...string) cmdResult {
		out, errOut, code := runKfc(t, args...)
		r := cmdResult{args, out, errOut, code}
		res = append(res, r)
		return r
	}
	t.Setenv("MLFLOW_TRACKING_URI", "")
	t.Setenv("MLFLOW_RUN_ID", "")
	first := run("exec", dir)
	if first.code != 0 {
		t.Fatalf("exec: %d %s", first.code, first.errOut)
	}
	m := regexp.MustCompile(`kfc exec: run ([0-9a-f]{32})`).FindStringSubmatch(first.errOut)
	if m == nil {
		t.Fatalf("exec names no run: %s", first.errOut)
	}
	firstID := m[1]
	run("exec", dir, "--explain")
	run("exec", dir, "--dry-run", "--force")
	t.Setenv("NOWRITE", "1")
	run("exec", dir, "--force", "--node-runs")
	t.Setenv("NOWRITE", "")
	t.Setenv("FAIL", "1")
	run("exec", dir, "--force")
	t.Setenv("FAIL", "")

	// Names only another client would write: MLflow's store API refuses
	// none of them in a value, a run name or an experiment name.
	ctx := context.Background()
	uri := "sqlite:///" + filepath.Join(dir, "mlflow.db")
	st, err := where.Open(uri, dir)
	if err != nil {
		t.Fatal(err)
	}
	expID, err := st.CreateExperiment(ctx, "exp\n::error::EXP\x1b[31m", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	info, err := st.CreateRun(ctx, tracking.CreateRunRequest{ExperimentID: expID, UserID: "u\x1b[31m", RunName: "r\n::error::RUN\x1b[31m\u202e",
		Tags: []tracking.Tag{{Key: "mlflow.runName", Value: "r\n::error::RUN\x1b[31m\u202e"}, {Key: "t", Value: "v\u009b31m"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.LogBatch(ctx, info.RunID, nil, []tracking.Param{{Key: "k", Value: "v\x1b[31m\n::error::PVAL"}}, nil); err != nil {
		t.Fatal(err)
	}
	st.Close()
	// Keys MLflow's stores refuse, in a FileStore written by hand (a file
	// name may hold anything but / and NUL).
	fileURI := "file://" + filepath.Join(dir, "mlruns-hostile")
	fst, err := where.Open(fileURI, dir)
	if err != nil {
		t.Fatal(err)
	}
	fexp, err := fst.CreateExperiment(ctx, "fexp\x1b[31m", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	finfo, err := fst.CreateRun(ctx, tracking.CreateRunRequest{ExperimentID: fexp, RunName: "f", Tags: []tracking.Tag{{Key: "mlflow.runName", Value: "f"}}})
	if err != nil {
		t.Fatal(err)
	}
	fst.Close()
	runDir := filepath.Join(dir, "mlruns-hostile", fexp, finfo.RunID)
	for rel, content := range map[string]string{
		"tags/t\x1b[31m\n::error::TAGKEY":    "v",
		"params/k\x1b[31m\n::error::PKEY":    "v",
		"metrics/m\x1b[31m\n::error::METRIC": "1 1.5 0\n",
		"artifacts/a\x1b[31m\n::error::ART":  "x",
	} {
		if err := os.WriteFile(filepath.Join(runDir, rel), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run("runs", "show", "--tracking-uri", fileURI, finfo.RunID)
	run("runs", "ls", "--tracking-uri", fileURI)
	run("runs", "diff", "--tracking-uri", fileURI, finfo.RunID, finfo.RunID, "-a")

	// kfc log from inside that run: accepted values, refused keys.
	t.Setenv("MLFLOW_TRACKING_URI", uri)
	t.Setenv("MLFLOW_RUN_ID", info.RunID)
	run("log", "tag", "stage", "v\x1b[31m\n::error::LOG")
	run("log", "param", "k\x1b[31m\n::error::LOGKEY", "v")
	run("log", "metric", "m", "1\x1b[31m\n::error::VAL")
	run("log", "artifact", filepath.Join(dir, "nope\x1b[31m\n::error::ART"))
	t.Setenv("MLFLOW_RUN_ID", "")
	t.Setenv("MLFLOW_TRACKING_URI", "")

	entries, _ := os.ReadDir(filepath.Join(dir, ".kfc", "runs"))
	var ids []string
	for _, e := range entries {
		if e.IsDir() {
			ids = append(ids, e.Name())
		}
	}
	if len(ids) < 2 {
		t.Fatalf("runs: %v", ids)
	}
	run("runs", "ls", "-C", dir)
	run("runs", "ls", "-C", dir, "-x", "exp\n::error::EXP\x1b[31m")
	run("runs", "ls", "-C", dir, "-x", "nope\x1b[31m")
	run("runs", "ls", "-C", dir, "--format", "json")
	run("runs", "show", "-C", dir, info.RunID)
	run("runs", "show", "-C", dir, info.RunID, "--format", "json")
	run("runs", "show", "-C", dir, "n")
	run("runs", "show", "-C", dir, "r\x1b[31m")
	run("runs", "diff", "-C", dir, ids[0], info.RunID)
	run("runs", "diff", "-C", dir, "-a", ids[0], ids[1])
	run("runs", "diff", "-C", dir, ids[0], info.RunID, "--format", "json")

	// verify: the output a run recorded changed, then vanished.
	for _, id := range ids {
		run("verify", "-C", dir, id)
	}
	out := filepath.Join(dir, "data", "a\x1b[31m\n::error::P\u009b.txt")
	if err := os.WriteFile(out, []byte("edited\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run("verify", "-C", dir, firstID)
	t.Logf("VERIFY %q", r.out)
	t.Logf("EXEC %q %q", first.errOut, res[3].errOut)
	if !strings.Contains(r.out, `data/a\x1b[31m\n::error::P\x9b.txt: changed`) {
		t.Errorf("verify does not name the escaped path: %q", r.out)
	}
	os.Remove(out)
	run("verify", "-C", dir, firstID)
	run("verify", "-C", dir, "nope\x1b[31m\n::error::RUNID")

	// import kedro --check against a snapshot whose names are hostile.
	kdir := copyKedroProject(t)
	snap := recordedSnapshot(t)
	if r := run("import", "kedro", kdir, "--snapshot", snap); r.code != 0 {
		t.Fatalf("import: %d %s", r.code, r.errOut)
	}
	src, err := os.ReadFile(snap)
	if err != nil {
		t.Fatal(err)
	}
	hostile := strings.ReplaceAll(string(src), `"train_model_node"`, `"train\u001b[31m\n::error::NODE\u202e"`)
	hostile = strings.ReplaceAll(hostile, `"X_train"`, `"X\u001b[31m\n::error::DS"`)
	if hostile == string(src) {
		t.Fatal("the recorded snapshot changed: update this test")
	}
	hsnap := filepath.Join(t.TempDir(), "hostile.json")
	if err := os.WriteFile(hsnap, []byte(hostile), 0o644); err != nil {
		t.Fatal(err)
	}
	r = run("import", "kedro", kdir, "--snapshot", hsnap, "--check")
	if r.code != 1 || !strings.Contains(r.out, `train\x1b[31m\n::error::NODE\u202e`) {
		t.Errorf("import kedro --check on hostile names: code %d\n%q\n%q", r.code, r.out, r.errOut)
	}
	return res
}

// TestExecPassesNodeOutputThrough: a node's own output lines are printed
// as the node wrote them (colours, a workflow command it means to send),
// after kfc's "[node] " prefix, so none starts a line kfc prints
// (docs/security.md).
func TestExecPassesNodeOutputThrough(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"pyproject.toml":          "[tool.kedro]\npackage_name = \"demo\"\nproject_name = \"demo\"\n",
		"conf/base/catalog.yml":   "o:\n  type: text.TextDataset\n  filepath: data/o.txt\n",
		"conf/base/pipelines.yml": "__default__:\n  nodes:\n    - name: n\n      run: [sh, -c, 'printf \"\\033[31mred\\033[0m\\n::error::from the node\\n\"; echo x > \"$1\"', sh, '{out.o}']\n      outputs: [o]\n",
		"conf/local/.keep":        "",
	})
	out, errOut, code := runKfc(t, "exec", dir, "--no-tracking")
	if code != 0 {
		t.Fatalf("exec: %d %s", code, errOut)
	}
	if !strings.Contains(out, "[n] \x1b[31mred\x1b[0m\n") || !strings.Contains(out, "[n] ::error::from the node\n") {
		t.Errorf("node output not passed through as written: %q", out)
	}
	for _, line := range strings.Split(out+errOut, "\n") {
		if strings.HasPrefix(line, "::") || strings.HasPrefix(line, "\x1b") {
			t.Errorf("a node's line starts a line of kfc's output: %q", line)
		}
	}
}
