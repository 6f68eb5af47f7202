// Package where decides where a run is tracked (MLflow's and
// kedro-mlflow's resolution of the tracking URI) and opens that store.
package where

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// Input is everything the resolution reads; Resolve does no I/O besides
// looking for an existing ./mlruns FileStore under ProjectRoot.
type Input struct {
	Getenv      func(string) string
	ProjectRoot string // absolute
	// ConfigURI is mlflow.yml's server.mlflow_tracking_uri ("" when null or absent).
	ConfigURI string
	// DisabledPipelines is mlflow.yml's tracking.disable_tracking.pipelines.
	DisabledPipelines []string
	// Pipelines are the pipelines the run executes (["__default__"] when none was named).
	Pipelines  []string
	NoTracking bool // --no-tracking
}

// Where is the outcome: a URI, or tracking off and why.
type Where struct {
	URI      string // absolute: sqlite:////abs/mlflow.db, file:///abs/mlruns, http(s)://...
	Source   string // what chose it, for messages and docs
	Disabled string // non-empty: tracking is off, and this says why
}

// Resolve applies, in order: --no-tracking and mlflow.yml
// disable_tracking (off), MLFLOW_TRACKING_URI, mlflow.yml
// server.mlflow_tracking_uri, ./mlruns when it already holds an MLflow
// FileStore (a <digits>/meta.yaml, MLflow's _has_existing_mlruns_data),
// else sqlite:///mlflow.db (MLflow's DEFAULT_TRACKING_URI since 3.7). A
// relative path or sqlite path is taken from the project root, where nodes
// run, as kedro-mlflow's _validate_mlflow_tracking_uri does for mlflow.yml.
func Resolve(in Input) Where {
	if in.NoTracking {
		return Where{Disabled: "--no-tracking"}
	}
	if len(in.DisabledPipelines) > 0 && allIn(in.Pipelines, in.DisabledPipelines) {
		// kedro-mlflow's _assert_mlflow_enabled: off only when every
		// pipeline of the run is listed.
		return Where{Disabled: "mlflow.yml tracking.disable_tracking.pipelines lists " + strings.Join(in.Pipelines, ", ")}
	}
	if u := in.Getenv("MLFLOW_TRACKING_URI"); u != "" {
		return Where{URI: Absolute(u, in.ProjectRoot), Source: "MLFLOW_TRACKING_URI"}
	}
	if in.ConfigURI != "" {
		return Where{URI: Absolute(in.ConfigURI, in.ProjectRoot), Source: "mlflow.yml server.mlflow_tracking_uri"}
	}
	mlruns := filepath.Join(in.ProjectRoot, "mlruns")
	if HasFileStore(mlruns) {
		return Where{URI: FileURI(mlruns), Source: "existing ./mlruns FileStore"}
	}
	return Where{URI: SQLiteURI(filepath.Join(in.ProjectRoot, "mlflow.db")), Source: "default (sqlite:///mlflow.db)"}
}

func allIn(names, list []string) bool {
	if len(names) == 0 {
		names = []string{"__default__"}
	}
	set := map[string]bool{}
	for _, n := range list {
		set[n] = true
	}
	for _, n := range names {
		if !set[n] {
			return false
		}
	}
	return true
}

// HasFileStore is MLflow's _has_existing_mlruns_data: some folder with
// an all-digit name holds a meta.yaml.
func HasFileStore(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if e.IsDir() && isDigits(e.Name()) {
			if _, err := os.Stat(filepath.Join(dir, e.Name(), "meta.yaml")); err == nil {
				return true
			}
		}
	}
	return false
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Absolute makes a tracking URI independent of the working directory:
// a path (no scheme) becomes a file: URI, a relative sqlite path is taken
// from root, and everything else is kept.
func Absolute(uri, root string) string {
	switch {
	case uri == "databricks" || uri == "databricks-uc":
		return uri // MLflow's reserved names, kept by kedro-mlflow too
	case strings.HasPrefix(uri, "sqlite:///"):
		p, query := SQLitePath(uri)
		if p == "" || p == ":memory:" {
			return uri
		}
		if !filepath.IsAbs(p) {
			p = filepath.Join(root, p)
		}
		return SQLiteURI(p) + query
	case strings.HasPrefix(uri, "file:"):
		p, err := FilePath(uri)
		if err != nil {
			return uri
		}
		if !filepath.IsAbs(p) {
			p = filepath.Join(root, p)
		}
		return FileURI(p)
	case scheme(uri) == "":
		p := uri
		if !filepath.IsAbs(p) {
			p = filepath.Join(root, p)
		}
		return FileURI(p)
	}
	return uri
}

// scheme is the URI scheme, "" for a path (a Windows drive letter is no scheme).
func scheme(uri string) string {
	i := strings.Index(uri, ":")
	if i <= 1 {
		return ""
	}
	for _, r := range uri[:i] {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.') {
			return ""
		}
	}
	return strings.ToLower(uri[:i])
}

// FileURI is Python's Path.as_uri() of an absolute path (file:///a/b).
func FileURI(abs string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Clean(abs))}).String()
}

// SQLiteURI is MLflow's path_to_local_sqlite_uri: "sqlite:///" + the
// absolute path, so four slashes on POSIX.
func SQLiteURI(abs string) string {
	return "sqlite:///" + filepath.ToSlash(filepath.Clean(abs))
}

// SQLitePath is the database file of a sqlite:/// URI as SQLAlchemy's
// make_url reads it (MLflow hands the URI to create_engine): the text after
// "sqlite:///" up to a "?", taken literally, since SQLAlchemy unquotes no
// %XX in the database part ("a%20b.db" is that file name). query is the
// "?..." suffix, kept so the URI can be rebuilt.
func SQLitePath(uri string) (path, query string) {
	rest := strings.TrimPrefix(uri, "sqlite:///")
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		return filepath.FromSlash(rest[:i]), rest[i:]
	}
	return filepath.FromSlash(rest), ""
}

// FilePath is the local path of a file: URI (file:///a, file:/a, file:rel).
func FilePath(uri string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", err
	}
	p := u.Path
	if p == "" {
		p = u.Opaque
	}
	return filepath.FromSlash(p), nil
}

// LocalPath is where a local store keeps its data: a sqlite:/// URI's
// database file, a file: URI's FileStore folder; "" for anything else (a
// server, a URI that does not parse).
func LocalPath(uri string) string {
	switch {
	case strings.HasPrefix(uri, "sqlite:///"):
		p, _ := SQLitePath(uri)
		return p
	case strings.HasPrefix(uri, "file:"):
		p, _ := FilePath(uri)
		return p
	}
	return ""
}
