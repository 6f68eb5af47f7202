package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
)

// A credentials file in a catalog folder, and a link (named like a
// catalog file) to a credentials file of an environment that is not
// loaded: both are reported, neither reaches the catalog.
func TestCredentialsAsConfig(t *testing.T) {
	const secret = "CANARY-cred-as-catalog"
	dir := t.TempDir()
	for name, content := range map[string]string{
		"conf/base/catalog/credentials.yml": "db:\n  con: " + secret + "1\n",
		"conf/base/catalog.yml":             "a: {type: MemoryDataset}\n",
		"conf/prod/credentials.yml":         "s3:\n  key: " + secret + "2\n",
		"conf/local/.keep":                  "",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("../prod/credentials.yml", filepath.Join(dir, "conf/local/catalog_cloud.yml")); err != nil {
		t.Skipf("cannot symlink: %v", err)
	}
	var diags diag.List
	proj, err := config.Load(config.LoadOptions{Root: dir, Getenv: func(string) (string, bool) { return "", false }}, &diags)
	if err != nil {
		t.Fatal(err)
	}
	ClassifyAll(&diags)
	var got []string
	for _, d := range diags.Items() {
		if d.Rule == "credentials-as-config" {
			record([]diag.Diagnostic{d})
			got = append(got, d.String())
		}
	}
	want := []string{
		"conf/base/catalog/credentials.yml: error: conf/base/catalog/credentials.yml is a credentials file that the catalog patterns match too: Kedro would load its secrets as catalog configuration as well; kfc loads it as credentials only, so no message, snippet or plan shows them (move it where only the credentials patterns match) [credentials-as-config]",
		"conf/local/catalog_cloud.yml: error: conf/local/catalog_cloud.yml is a link to the credentials file conf/prod/credentials.yml, and the catalog patterns match it: kfc does not load credentials as catalog configuration, so no message, snippet or plan shows them [credentials-as-config]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if c := string(proj.Get("catalog").JSON("")); strings.Contains(c, secret) {
		t.Errorf("a secret reached the catalog: %s", c)
	}
	if c := proj.Get("credentials"); c == nil || c.Get("db") == nil {
		t.Errorf("the credentials file must still load as credentials: %v", c)
	}
}
