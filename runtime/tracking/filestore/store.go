// Package filestore is MLflow's FileStore (an ./mlruns folder, file: URIs)
// written byte for byte as MLflow's own file_store.py writes it: meta.yaml
// through PyYAML's rules, params and tags as files without a trailing
// newline, metric lines "<ms> <repr(value)> <step>". Every whole-file write
// goes through a temporary file and a rename; metric points are appended as
// whole lines with O_APPEND, so several processes can log to one run.
package filestore

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/kfc-dev/kfc/internal/py"
	"github.com/kfc-dev/kfc/runtime/tracking"
	"github.com/kfc-dev/kfc/runtime/tracking/localstore"
)

// MLflow's folder and file names (FileStore class constants).
const (
	trashFolder   = ".trash"
	metaFile      = "meta.yaml"
	metricsFolder = "metrics"
	paramsFolder  = "params"
	tagsFolder    = "tags"
	artifactsDir  = "artifacts"
	modelsFolder  = "models" // registry FileStore's folder at the root, not an experiment
	defaultExpID  = "0"
	tmpPrefix     = ".kfc-tmp-"
)

// reserved are the sub-folders of an experiment that are not runs.
var reserved = map[string]bool{"tags": true, "datasets": true, "traces": true, "models": true}

// Store is an MLflow FileStore rooted at an mlruns folder.
type Store struct {
	root         string // absolute
	artifactRoot string // file: URI of root
	now          func() int64
	newRunID     func() string // uuid4 hex; tests make it deterministic
	newExpID     func() string // 18 digits

	mu      sync.Mutex
	runDirs map[string]string // run id -> folder, found once
}

var _ tracking.Store = (*Store)(nil)

// RootFromURI turns a file: URI or a plain path into the folder it names.
func RootFromURI(uri string) (string, error) {
	if strings.HasPrefix(uri, "file:") {
		u, err := url.Parse(uri)
		if err != nil {
			return "", fmt.Errorf("tracking URI %s: %w", uri, err)
		}
		if u.Host != "" && u.Host != "localhost" {
			return "", fmt.Errorf("tracking URI %s names host %q: only local file: URIs are FileStores", uri, u.Host)
		}
		p := u.Path
		if p == "" {
			p = u.Opaque // file:relative/path
		}
		return filepath.FromSlash(p), nil
	}
	return uri, nil
}

// DefaultArtifactRoot is the artifact root MLflow's FileStore uses when none
// is given: the file: URI of the absolute root folder
// (path_to_local_file_uri), so experiment i's artifact_location is
// "<that>/i" and a run's artifact_uri "<that>/i/<run_id>/artifacts".
func DefaultArtifactRoot(root string) (string, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return "", err
	}
	return fileURI(abs), nil
}

// fileURI is pathlib's as_uri(): "file://" and the path percent-encoded,
// keeping letters, digits, "_.-~" and "/".
func fileURI(abs string) string {
	p := filepath.ToSlash(abs)
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("_.-~/", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	if !strings.HasPrefix(p, "/") {
		return "file:///" + b.String()
	}
	return "file://" + b.String()
}

// Open opens the FileStore at root (a path or a file: URI), creating the
// folder with the Default experiment 0 when it does not exist, and its
// .trash folder, as MLflow's FileStore constructor does.
func Open(root string) (*Store, error) {
	return open(root, &Store{now: func() int64 { return time.Now().UnixMilli() },
		newRunID: localstore.NewRunID, newExpID: localstore.NewExperimentID})
}

// open completes s (its clock and id generators already set) at root.
func open(root string, s *Store) (*Store, error) {
	s.runDirs = map[string]string{}
	dir, err := RootFromURI(root)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	s.root, s.artifactRoot = abs, fileURI(abs)
	if st, err := os.Stat(abs); err == nil && !st.IsDir() {
		return nil, fmt.Errorf("FileStore %s is a file, not a folder", abs)
	} else if errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(abs, 0o755); err != nil {
			return nil, err
		}
		if err := s.writeExperiment(defaultExpID, "Default", "", s.now()); err != nil {
			return nil, err
		}
	} else if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(abs, trashFolder), 0o755); err != nil {
		return nil, err
	}
	return s, nil
}

// Root is the absolute folder of the store.
func (s *Store) Root() string { return s.root }

// Close releases nothing: a FileStore holds no open handles.
func (s *Store) Close() error { return nil }

// CreateExperiment creates an active experiment with an 18-digit random id.
func (s *Store) CreateExperiment(ctx context.Context, name, artifactLocation string, tags []tracking.Tag) (string, error) {
	if name == "" {
		return "", localstore.InvalidValue("name", name, "")
	}
	for _, t := range tags {
		if err := localstore.ValidateKey("key", t.Key); err != nil {
			return "", err
		}
	}
	// Two processes creating one name at once must not both succeed.
	unlock, err := lock(s.root)
	if err != nil {
		return "", err
	}
	defer unlock()
	if e, err := s.GetExperimentByName(ctx, name); err != nil {
		return "", err
	} else if e != nil {
		if e.LifecycleStage == "deleted" {
			return "", localstore.Errorf(localstore.ResourceAlreadyExists,
				"Experiment %s already exists in deleted state. You can restore the experiment, or permanently delete the experiment from the .trash folder (under tracking server's root folder) in order to use this experiment name again.", py.Repr(e.Name))
		}
		return "", localstore.Errorf(localstore.ResourceAlreadyExists, "Experiment '%s' already exists.", e.Name)
	}
	id := s.newExpID()
	if err := s.writeExperiment(id, name, artifactLocation, s.now()); err != nil {
		return "", err
	}
	for _, t := range tags {
		if err := writeFile(filepath.Join(s.root, id), filepath.Join(s.root, id, tagsFolder, filepath.FromSlash(t.Key)), t.Value); err != nil {
			return "", err
		}
	}
	return id, nil
}
