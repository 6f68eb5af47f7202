package recorder_test

import (
	"bufio"
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kfc-dev/kfc/runtime/tracking"
	"github.com/kfc-dev/kfc/runtime/tracking/internal/mlflowreader"
	"github.com/kfc-dev/kfc/runtime/tracking/recorder"
	"github.com/kfc-dev/kfc/runtime/tracking/rest"
)

// startMLflowServer runs MLflow's own tracking server (testdata/mlflow_server.py)
// and returns its URL; the test skips where the harness is missing.
func startMLflowServer(t *testing.T) string {
	t.Helper()
	mlflowreader.Require(t)
	src := os.Getenv("MLFLOW_CLIENT_SRC")
	if src == "" {
		src = "/tmp/mlflow-client-src"
	}
	if err := exec.Command(mlflowreader.Python, "-c", "import flask, flask_cors").Run(); err != nil {
		t.Skip("MLflow's server needs Flask (apt-get install python3-flask python3-flask-cors)")
	}
	script, _ := filepath.Abs(filepath.Join("testdata", "mlflow_server.py"))
	cmd := exec.Command(mlflowreader.Python, script, t.TempDir())
	cmd.Env = append(os.Environ(), "PYTHONPATH="+src+":"+src+"/_gen:"+src+"/_stubs", "KFC_MLFLOW_READER="+mlflowreader.Dir(),
		"MLFLOW_DISABLE_TELEMETRY=true", "DO_NOT_TRACK=true")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "PORT ") {
		t.Fatalf("MLflow server did not start: %q %v", line, err)
	}
	url := "http://127.0.0.1:" + strings.TrimSpace(strings.TrimPrefix(line, "PORT "))
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get(url + "/health"); err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("MLflow server never answered /health")
		}
	}
	return url
}

// TestAgainstMLflowsOwnServer records the hand-made plan's run through
// MLflow's real REST handlers and artifact proxy, and checks MLflow's
// answers to what kfc must get right: param immutability, batch limits.
func TestAgainstMLflowsOwnServer(t *testing.T) {
	url := startMLflowServer(t)
	t.Setenv("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
	root := t.TempDir()
	rec := simulate(t, root, recorder.StartOptions{URI: url})
	st, err := rest.Open(url, rest.Options{Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	checkRun(t, st, rec)
	ctx := context.Background()
	err = st.LogBatch(ctx, rec.RunID(), nil, []tracking.Param{{Key: "seed", Value: "43"}}, nil)
	if !rest.IsCode(err, "INVALID_PARAMETER_VALUE") || !strings.Contains(err.Error(), "Changing param values is not allowed") {
		t.Errorf("MLflow's immutability error: %v", err)
	}
	// 250 params go out in three requests MLflow accepts.
	var ps []tracking.Param
	for i := range 250 {
		ps = append(ps, tracking.Param{Key: "p" + strings.Repeat("x", i), Value: "v"})
	}
	if err := st.LogBatch(ctx, rec.RunID(), nil, ps, nil); err != nil {
		t.Errorf("split batches: %v", err)
	}
	run, err := st.GetRun(ctx, rec.RunID())
	if err != nil || len(run.Params) != 4+250 {
		t.Errorf("params after the split batches: %d %v", len(run.Params), err)
	}
	if _, err := st.GetRun(ctx, "0123456789abcdef0123456789abcdef"); !rest.IsCode(err, "RESOURCE_DOES_NOT_EXIST") {
		t.Errorf("missing run: %v", err)
	}
}
