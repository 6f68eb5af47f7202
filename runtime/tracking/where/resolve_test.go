package where

import (
	"os"
	"path/filepath"
	"testing"
)

func TestResolve(t *testing.T) {
	root := t.TempDir()
	env := map[string]string{}
	in := Input{Getenv: func(k string) string { return env[k] }, ProjectRoot: root, Pipelines: []string{"__default__"}}
	check := func(name, want, wantSource string) {
		t.Helper()
		w := Resolve(in)
		if w.URI != want || (wantSource != "" && w.Source != wantSource) {
			t.Errorf("%s: got %+v, want %s (%s)", name, w, want, wantSource)
		}
	}
	check("default", "sqlite:///"+filepath.ToSlash(root)+"/mlflow.db", "default (sqlite:///mlflow.db)")

	// An mlruns folder without <digits>/meta.yaml is not a FileStore.
	os.MkdirAll(filepath.Join(root, "mlruns", "abc"), 0o755)
	os.WriteFile(filepath.Join(root, "mlruns", "abc", "meta.yaml"), nil, 0o644)
	os.MkdirAll(filepath.Join(root, "mlruns", "0"), 0o755)
	check("mlruns without meta", "sqlite:///"+filepath.ToSlash(root)+"/mlflow.db", "")
	os.WriteFile(filepath.Join(root, "mlruns", "0", "meta.yaml"), []byte("name: Default\n"), 0o644)
	check("existing FileStore", "file://"+filepath.ToSlash(root)+"/mlruns", "existing ./mlruns FileStore")

	in.ConfigURI = "mlruns2"
	check("mlflow.yml relative path", "file://"+filepath.ToSlash(root)+"/mlruns2", "mlflow.yml server.mlflow_tracking_uri")
	in.ConfigURI = "sqlite:///db/t.db"
	check("mlflow.yml relative sqlite", "sqlite:///"+filepath.ToSlash(root)+"/db/t.db", "")
	in.ConfigURI = "sqlite:////abs/t.db"
	check("absolute sqlite", "sqlite:////abs/t.db", "")
	in.ConfigURI = "http://host:5000"
	check("server", "http://host:5000", "")

	env["MLFLOW_TRACKING_URI"] = "https://mlflow.example"
	check("env wins", "https://mlflow.example", "MLFLOW_TRACKING_URI")
	env["MLFLOW_TRACKING_URI"] = "./runs"
	check("env path", "file://"+filepath.ToSlash(root)+"/runs", "")

	in.NoTracking = true
	if w := Resolve(in); w.Disabled != "--no-tracking" || w.URI != "" {
		t.Errorf("--no-tracking: %+v", w)
	}
	in.NoTracking = false
	in.DisabledPipelines = []string{"__default__", "other"}
	if w := Resolve(in); w.Disabled == "" {
		t.Errorf("disable_tracking lists the pipeline: %+v", w)
	}
	in.Pipelines = []string{"__default__", "training"}
	if w := Resolve(in); w.Disabled != "" {
		t.Errorf("only some pipelines are listed: tracking stays on: %+v", w)
	}
}

func TestAbsolute(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"file:///a/b", "file:///a/b"},
		{"file:rel", "file:///r/rel"},
		{"/abs/mlruns", "file:///abs/mlruns"},
		{"sqlite:///:memory:", "sqlite:///:memory:"},
		// SQLAlchemy's make_url takes the database part literally: no %XX
		// unquoting, and a ?query is split off (kept here).
		{"sqlite:///a%25b.db", "sqlite:////r/a%25b.db"},
		{"sqlite:///t.db?mode=ro", "sqlite:////r/t.db?mode=ro"},
		{"databricks", "databricks"},
		{"postgresql://u@h/db", "postgresql://u@h/db"},
	} {
		if got := Absolute(c.in, "/r"); got != c.want {
			t.Errorf("Absolute(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestOpenRefusesOtherBackends(t *testing.T) {
	if _, err := Open("postgresql://u@h/db", t.TempDir()); err == nil {
		t.Fatal("postgresql is not a store kfc writes")
	}
	st, err := Open("sqlite:///mlflow.db", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
}

// A percent sign in a database name is part of the file name, as SQLAlchemy
// reads sqlite:///NAME (checked against SQLAlchemy 1.4's make_url): opening
// must neither unquote it nor unquote it twice (Absolute, then Open).
func TestOpenSQLiteNameIsLiteral(t *testing.T) {
	root := t.TempDir()
	st, err := Open("sqlite:///a%2525b.db?mode=rwc", root)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if _, err := os.Stat(filepath.Join(root, "a%2525b.db")); err != nil {
		t.Fatalf("the database file is not the literal name: %v", err)
	}
}

func TestLocalPath(t *testing.T) {
	for uri, want := range map[string]string{
		"sqlite:////tmp/p/mlflow.db":         "/tmp/p/mlflow.db",
		"sqlite:////tmp/p/mlflow.db?mode=ro": "/tmp/p/mlflow.db", // the query is SQLAlchemy's, not the file's
		"file:///tmp/p/mlruns":               "/tmp/p/mlruns",
		"file:mlruns":                        "mlruns",
		"http://localhost:5000":              "",
		"databricks":                         "",
		"file://%zz":                         "", // does not parse
	} {
		if got := LocalPath(uri); got != filepath.FromSlash(want) {
			t.Errorf("LocalPath(%q) = %q, want %q", uri, got, want)
		}
	}
}
