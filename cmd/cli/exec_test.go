package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestExecExample runs the example project end to end with python3 (its
// nodes use only the standard library): a model file, metrics JSON and a
// report come out; a second run skips everything; the credentials a
// dataset references reach no file kfc writes and no output.
func TestExecExample(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not installed")
	}
	dir := t.TempDir()
	files := exampleFiles(t)
	var order []string
	for rel := range files {
		order = append(order, rel)
	}
	for _, rel := range order {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, files[rel], 0o644); err != nil {
			t.Fatal(err)
		}
	}
	copyTree(t, filepath.Join("..", "..", "examples", "spaceflights", "data", "01_raw"), filepath.Join(dir, "data", "01_raw"))

	var out, errb bytes.Buffer
	if code := Main([]string{"exec", dir}, &out, &errb); code != 0 {
		t.Fatalf("kfc exec: exit %d\n%s\n%s", code, out.String(), errb.String())
	}
	models, _ := filepath.Glob(filepath.Join(dir, "data/06_models/regressor.pickle/*/regressor.pickle"))
	if len(models) != 1 {
		t.Errorf("model files: %v", models)
	}
	var metrics map[string]float64
	b, err := os.ReadFile(filepath.Join(dir, "data/08_reporting/metrics.json"))
	if err != nil || json.Unmarshal(b, &metrics) != nil || len(metrics) == 0 {
		t.Errorf("metrics.json: %v %s", err, b)
	}
	reports, _ := filepath.Glob(filepath.Join(dir, "data/08_reporting/shuttle_capacity_by_type.json/*/shuttle_capacity_by_type.json"))
	if len(reports) != 1 {
		t.Errorf("reports: %v", reports)
	}
	if !strings.Contains(errb.String(), "10 succeeded") {
		t.Errorf("first run:\n%s", errb.String())
	}
	first := out.String() + errb.String()

	out.Reset()
	errb.Reset()
	if code := Main([]string{"exec", dir}, &out, &errb); code != 0 {
		t.Fatalf("second kfc exec: exit %d\n%s", code, errb.String())
	}
	if !strings.Contains(errb.String(), "10 skipped") || strings.Contains(errb.String(), " start ") {
		t.Errorf("second run did not skip everything:\n%s", errb.String())
	}
	if strings.Contains(first+out.String()+errb.String(), canary) {
		t.Errorf("credentials in kfc's output")
	}
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && !strings.Contains(p, "/conf/") {
			if b, _ := os.ReadFile(p); bytes.Contains(b, []byte(canary)) {
				t.Errorf("credentials written to %s", p)
			}
		}
		return nil
	})
}
