package rest

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/kfc-dev/kfc/runtime/tracking"
	"github.com/kfc-dev/kfc/runtime/tracking/localstore"
)

// artifactEndpoint is where the proxy keeps the run's artifact root: an
// mlflow-artifacts:/<exp>/<run>/artifacts URI maps to
// /api/2.0/mlflow-artifacts/artifacts/<exp>/<run>/artifacts (on the host
// the URI names, else the tracking server), as MLflow's
// MlflowArtifactsRepository.resolve_uri does.
func (s *Store) artifactEndpoint(ctx context.Context, runID string) (*client, string, error) {
	run, err := s.GetRun(ctx, runID)
	if err != nil {
		return nil, "", err
	}
	u, err := url.Parse(run.Info.ArtifactURI)
	if err == nil && u.Scheme != "mlflow-artifacts" {
		if _, lerr := localstore.LocalPath(run.Info.ArtifactURI); lerr == nil {
			return nil, run.Info.ArtifactURI, errLocalArtifacts
		}
	}
	if err != nil || u.Scheme != "mlflow-artifacts" {
		return nil, "", fmt.Errorf("run %s stores its artifacts at %q, which is not the server's artifact proxy (mlflow-artifacts:); kfc uploads artifacts only through the proxy (start the server with --serve-artifacts, its default)", runID, run.Info.ArtifactURI)
	}
	c := s.c
	if u.Host != "" {
		cc := *s.c
		b := *s.c.base
		b.Host = u.Host
		cc.base = &b
		c = &cc
	}
	return c, ArtifactsAPI + strings.TrimRight(u.Path, "/"), nil
}

// errLocalArtifacts says the server keeps the run's artifacts in a local
// folder (a server without --serve-artifacts on this machine): MLflow's
// client then writes there itself, and so does kfc.
var errLocalArtifacts = errors.New("local artifact root")

func (s *Store) LogArtifact(ctx context.Context, runID, localPath, artifactPath string) error {
	if strings.Contains(artifactPath, "..") {
		return fmt.Errorf("artifact path %q must not contain '..'", artifactPath)
	}
	c, root, err := s.artifactEndpoint(ctx, runID)
	if err == errLocalArtifacts {
		return localstore.CopyArtifact(ctx, root, localPath, artifactPath)
	}
	if err != nil {
		return err
	}
	fi, err := os.Stat(localPath)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return s.put(ctx, c, root, localPath, path.Join(artifactPath, filepath.Base(localPath)))
	}
	base := filepath.Base(filepath.Clean(localPath))
	return filepath.WalkDir(localPath, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(localPath, p)
		if err != nil {
			return err
		}
		return s.put(ctx, c, root, p, path.Join(artifactPath, base, filepath.ToSlash(rel)))
	})
}

func (s *Store) put(ctx context.Context, c *client, root, local, rel string) error {
	data, err := os.ReadFile(local)
	if err != nil {
		return err
	}
	ct := mime.TypeByExtension(path.Ext(rel))
	if ct == "" {
		ct = "application/octet-stream"
	}
	return c.do(ctx, http.MethodPut, root+"/"+escapePath(rel), nil, data, ct, nil, -1)
}

func escapePath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}

func (s *Store) ListArtifacts(ctx context.Context, runID, dir string) ([]tracking.ArtifactInfo, error) {
	c, root, err := s.artifactEndpoint(ctx, runID)
	if err == errLocalArtifacts {
		return localstore.ListArtifacts(root, dir)
	}
	if err != nil {
		return nil, err
	}
	p := strings.TrimPrefix(root, ArtifactsAPI+"/")
	if dir != "" {
		p = path.Join(p, dir)
	}
	var out struct {
		Files []struct {
			Path     string `json:"path"`
			IsDir    bool   `json:"is_dir"`
			FileSize int64s `json:"file_size"`
		} `json:"files"`
	}
	if err := c.get(ctx, ArtifactsAPI, url.Values{"path": {p}}, &out); err != nil {
		return nil, err
	}
	list := make([]tracking.ArtifactInfo, 0, len(out.Files))
	for _, f := range out.Files {
		// The proxy answers base names; the interface wants paths from the root.
		list = append(list, tracking.ArtifactInfo{Path: path.Join(dir, path.Base(f.Path)), IsDir: f.IsDir, Size: int64(f.FileSize)})
	}
	return list, nil
}
