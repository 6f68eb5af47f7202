//go:build unix

package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

const credCanary = "CANARY-s3cr3t-9f2b"

// credentialsProject is a project whose credentials files (in several
// formats, environments, folders and patterns) each have a finding on a
// line that holds the canary secret, next to a catalog with a finding of
// its own (whose snippet must still show).
func credentialsProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	c := credCanary
	files := map[string]string{
		"pyproject.toml": "[tool.kfc.config_patterns]\ncredentials = [\"credentials*\", \"credentials*/**\", \"**/credentials*\", \"secrets*\"]\n",
		"conf/base/catalog.yml": "companies:\n  type: pandas.CSVDataset\n  filepath: data/companies.csv\n  credentials: db\n" +
			"shuttles:\n  type: pandas.CSVDatset\n  filepath: data/shuttles.xlsx\n",
		// duplicate key, a bad interpolation, a missing key, an unknown tag
		"conf/local/credentials.yml": "db:\n  con: postgresql://u:" + c + "a@h/db\n  con: postgresql://u:" + c + "b@h/db\n" +
			"bad: \"" + c + "c${oops\"\nmissing: " + c + "d${nope." + c + "e}\ntagged: !!binary " + c + "f\n",
		// a syntax error on the secret's line
		"conf/local/credentials_broken.yaml": "api:\n  token: \"" + c + "g\n",
		// JSON, with a duplicate key
		"conf/local/credentials_cloud.json": "{\"s3\": {\"key\": \"" + c + "h\", \"key\": \"" + c + "i\"}}\n",
		// in a credentials/ folder, in base
		"conf/base/credentials/db.yml": "other:\n  pw: " + c + "j\n  pw: " + c + "k\n",
		// a file the project's own pattern makes credentials
		"conf/local/secrets.yml": "vault:\n  token: " + c + "l\n  token: " + c + "m\n",
		// another environment, selected with --env
		"conf/prod/credentials.yml": "db:\n  con: " + c + "n\n  con: " + c + "o\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The same credentials reached through a link that a catalog pattern
	// matches: loaded as catalog, still a credentials file's text.
	if err := os.Symlink("../local/credentials.yml", filepath.Join(dir, "conf/base/catalog_creds.yml")); err != nil {
		t.Logf("no symlink: %v", err)
	}
	return dir
}

// No output of kfc vet, in any format, with or without colour and
// snippets, in any environment, holds a line (or any text) of a
// credentials file; the catalog's snippet still shows, so snippets are on.
func TestVetNeverShowsCredentials(t *testing.T) {
	dir := credentialsProject(t)
	for _, args := range [][]string{
		{"vet", "--color=always"},
		{"vet", "--color=always", "--info", "--strict"},
		{"vet", "--color=always", "--env", "prod"},
		{"vet", "--color=never"},
		{"vet", "--format", "json", "--info"},
		{"vet", "--format", "sarif", "--info"},
		{"vet", "--format", "github", "--info"},
		{"vet", "--format", "json", "--env", "prod"},
	} {
		var out, errb bytes.Buffer
		code := Main(append(args, dir), &out, &errb)
		text := out.String() + errb.String()
		if code != 1 {
			t.Errorf("%v: exit %d, want 1 (findings)\n%s", args, code, text)
		}
		if strings.Contains(text, credCanary) {
			for _, line := range strings.Split(text, "\n") {
				if strings.Contains(line, credCanary) {
					t.Errorf("%v leaks a credential: %s", args, line)
				}
			}
		}
		// The findings in credentials files are there (the test is about
		// what they show, not about their absence).
		for _, want := range []string{"credentials.yml", "duplicate"} {
			if !strings.Contains(text, want) {
				t.Errorf("%v: no %q in the output:\n%s", args, want, text)
			}
		}
		if args[1] == "--color=always" && !strings.Contains(text, "type: pandas.CSVDatset") {
			t.Errorf("%v: the catalog's snippet is missing:\n%s", args, text)
		}
	}
}

// A project made of traps (pipes where kfc reads files, links to / and to
// /dev/zero under conf/, an environment file outside) makes vet and build
// report each trap by path and exit 1: no hang, no walk of the file
// system, no read without bound, nothing of /etc/passwd in the output.
func TestHostileProjectIsReportedNotRead(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"conf/base", "conf/local", "src/pkg", "kfc", "env"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("conf/base/catalog.yml", "a:\n  type: MemoryDataset\n")
	write("MLproject", "name: x\npython_env: env/python_env.yaml\nentry_points:\n  main: {command: run}\n")
	traps := map[string]string{}
	for _, fifo := range []string{"pyproject.toml", "src/pkg/settings.py", "kfc/types.cue", ".kfc.yaml", "conf/local/catalog.yml"} {
		if err := syscall.Mkfifo(filepath.Join(dir, fifo), 0o644); err != nil {
			t.Fatal(err)
		}
		traps[fifo] = "is a named pipe (FIFO), not a regular file"
	}
	for link, target := range map[string]string{"conf/base/root": "/", "conf/base/parameters.yml": "/dev/zero", "env/python_env.yaml": "/etc/passwd"} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Skipf("cannot symlink: %v", err)
		}
		traps[link] = "leads outside the project folder"
	}
	traps["MLproject"] = "python_env file env/python_env.yaml leads outside the project folder"
	for _, cmd := range []string{"vet", "build"} {
		var out, errb bytes.Buffer
		done := make(chan int, 1)
		go func() { done <- Main([]string{cmd, dir}, &out, &errb) }()
		var code int
		select {
		case code = <-done:
		case <-time.After(60 * time.Second):
			t.Fatalf("kfc %s did not finish in 60 s", cmd)
		}
		text := out.String() + errb.String()
		if code != ExitFindings {
			t.Errorf("kfc %s: exit %d, want %d\n%s", cmd, code, ExitFindings, text)
		}
		for path, what := range traps {
			found := false
			for _, line := range strings.Split(text, "\n") {
				if strings.Contains(line, path) && strings.Contains(line, what) {
					found = true
				}
			}
			if !found {
				t.Errorf("kfc %s: no finding %q for %s:\n%s", cmd, what, path, text)
			}
		}
		if strings.Contains(text, "root:x:0") {
			t.Errorf("kfc %s printed /etc/passwd:\n%s", cmd, text)
		}
	}
}
