package lint

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
)

// ReadSettings gives the values LoadSettings gives, without the
// unknown-key findings only kfc vet prints.
func TestReadSettingsSameValuesNoKeyCheck(t *testing.T) {
	root := t.TempDir()
	src := "[tool.kfc]\nnot_a_key = 1\n[tool.kfc.rules]\nmlflow-tag-limit = \"off\"\n[tool.kfc.tracking]\nnode_runs = true\n"
	if err := os.WriteFile(filepath.Join(root, "pyproject.toml"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var diags diag.List
	loaded := LoadSettings(root, testPyproject(root), &diags)
	if len(diags.Items()) != 1 {
		t.Fatalf("LoadSettings findings = %v, want the unknown key", diags.Items())
	}
	read := ReadSettings(root, testPyproject(root))
	if read.NodeRuns != loaded.NodeRuns || read.Levels["mlflow-tag-limit"] != "off" || loaded.Levels["mlflow-tag-limit"] != "off" || !read.NodeRuns {
		t.Fatalf("ReadSettings = %+v, LoadSettings = %+v", read, loaded)
	}
}
