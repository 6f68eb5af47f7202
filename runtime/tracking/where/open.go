package where

import (
	"fmt"
	"os"
	"strings"

	"github.com/kfc-dev/kfc/runtime/tracking"
	"github.com/kfc-dev/kfc/runtime/tracking/rest"
	"github.com/kfc-dev/kfc/runtime/tracking/sqlstore"
)

// Open opens the store a tracking URI names: sqlite:///PATH (MLflow's
// SQL schema), file: or a plain path (MLflow's FileStore), http(s): (an
// MLflow tracking server, with MLflow's client variables). Relative paths
// are taken from projectRoot. For SQLite the default artifact root is
// projectRoot/mlruns, where MLflow's client puts a SQL store's artifacts
// when run from the project root.
func Open(uri, projectRoot string) (tracking.Store, error) {
	return OpenEnv(uri, projectRoot, os.Getenv)
}

// OpenEnv is Open reading MLflow's client variables through getenv.
func OpenEnv(uri, projectRoot string, getenv func(string) string) (tracking.Store, error) {
	uri = Absolute(uri, projectRoot)
	switch scheme(uri) {
	case "sqlite":
		p, _ := SQLitePath(uri)
		if !strings.HasPrefix(uri, "sqlite:///") || p == "" || p == ":memory:" {
			return nil, fmt.Errorf("tracking URI %q: kfc needs a database file, sqlite:///PATH", uri)
		}
		root, err := sqlstore.DefaultArtifactRoot(projectRoot)
		if err != nil {
			return nil, err
		}
		return sqlstore.OpenWith(p, sqlstore.Options{ArtifactRoot: root})
	case "file":
		p, err := FilePath(uri)
		if err != nil {
			return nil, err
		}
		return openFileStore(p)
	case "http", "https":
		o, err := rest.FromEnv(getenv)
		if err != nil {
			return nil, err
		}
		return rest.Open(uri, o)
	}
	return nil, fmt.Errorf("tracking URI %q: kfc writes sqlite:///PATH, file: (or a path) and http(s): stores; for another backend run an MLflow server in front of it (mlflow server --backend-store-uri %s) and point MLFLOW_TRACKING_URI at the server", uri, uri)
}
