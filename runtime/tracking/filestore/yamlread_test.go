package filestore

import (
	"os"
	"path/filepath"
	"testing"
)

// MLflow 1.x wrote integer experiment ids; plain scalars PyYAML leaves
// unquoted (0o17 is not an int in YAML 1.1) must read back as text.
func TestReadsLegacyAndPlainMeta(t *testing.T) {
	dir := t.TempDir()
	meta := "artifact_uri: file:///x\nend_time: null\nexperiment_id: 0\nlifecycle_stage: active\nrun_id: abc\nrun_name: 0o17\nstart_time: 5\nstatus: 4\nuser_id: 1e3x\n"
	if err := os.WriteFile(filepath.Join(dir, metaFile), []byte(meta), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := readRunMeta(dir)
	if err != nil {
		t.Fatal(err)
	}
	if m.ExperimentID != "0" || m.RunName != "0o17" || m.UserID != "1e3x" || *m.Status != 4 || m.EndTime != nil {
		t.Fatalf("read %+v", m)
	}
}
