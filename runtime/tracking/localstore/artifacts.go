package localstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kfc-dev/kfc/runtime/tracking"
)

// LocalPath turns a run's artifact_uri into a local folder: a plain path
// (what MLflow's SQL store writes on POSIX) or a file: URI (what its
// FileStore writes). Other schemes (s3:, mlflow-artifacts:, ...) are not
// local and are refused with a message naming the URI.
func LocalPath(artifactURI string) (string, error) {
	if strings.HasPrefix(artifactURI, "/") {
		return filepath.FromSlash(artifactURI), nil
	}
	u, err := url.Parse(artifactURI)
	if err == nil && u.Scheme == "file" && (u.Host == "" || u.Host == "localhost") {
		return filepath.FromSlash(u.Path), nil
	}
	if err == nil && u.Scheme == "" {
		return filepath.Abs(filepath.FromSlash(artifactURI))
	}
	return "", Errorf(InvalidParameterValue, "artifact location %s is not a local folder: kfc's local stores copy artifacts only to a path or a file: URI", artifactURI)
}

// cleanArtifactPath refuses artifact paths that would leave the artifact
// root, as MLflow's validate_path_is_safe does.
func cleanArtifactPath(p string) (string, error) {
	if p == "" {
		return "", nil
	}
	c := path.Clean(filepath.ToSlash(p))
	if strings.HasPrefix(c, "/") || c == ".." || strings.HasPrefix(c, "../") || strings.ContainsRune(p, 0) {
		return "", InvalidValue("path", p, "Invalid path")
	}
	if c == "." {
		return "", nil
	}
	return c, nil
}

// CopyArtifact copies a local file or folder into artifactPath under the
// artifact root, as MLflow's LocalArtifactRepository.log_artifact(s) does: a
// file keeps its base name, a folder's contents land in artifactPath. Each
// file is written to a temporary name and renamed, so a reader never sees
// half a file. Under tracking.WithRecordFiles a file is hard-linked when
// it can be (same file system), and copied otherwise.
func CopyArtifact(ctx context.Context, artifactURI, localPath, artifactPath string) error {
	root, err := LocalPath(artifactURI)
	if err != nil {
		return err
	}
	rel, err := cleanArtifactPath(artifactPath)
	if err != nil {
		return err
	}
	dest := filepath.Join(root, filepath.FromSlash(rel))
	st, err := os.Stat(localPath)
	if err != nil {
		return err
	}
	link := tracking.RecordFiles(ctx)
	if !st.IsDir() {
		return copyFile(localPath, filepath.Join(dest, filepath.Base(localPath)), link)
	}
	return filepath.WalkDir(localPath, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		r, _ := filepath.Rel(localPath, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dest, r), 0o755)
		}
		return copyFile(p, filepath.Join(dest, r), link)
	})
}

func copyFile(src, dst string, link bool) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	if link && linkFile(src, dst) {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	return WriteAtomic(dst, func(w io.Writer) error {
		_, err := io.Copy(w, in)
		return err
	})
}

// linkFile makes dst a hard link to src, replacing what dst was in one
// rename, as WriteAtomic does; false when the file system refuses (another
// device, no hard links), and the caller copies.
func linkFile(src, dst string) bool {
	var suffix [6]byte
	_, _ = rand.Read(suffix[:])
	tmp := filepath.Join(filepath.Dir(dst), "."+filepath.Base(dst)+".link"+hex.EncodeToString(suffix[:]))
	if os.Link(src, tmp) != nil {
		return false
	}
	if os.Rename(tmp, dst) != nil {
		os.Remove(tmp)
		return false
	}
	return true
}

// WriteAtomic writes a file through a temporary sibling and a rename, so
// the file is either the old one or the whole new one, even after a crash.
func WriteAtomic(dst string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if err := write(f); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// ListArtifacts lists the direct entries of path under the artifact root,
// sorted by path, as MLflow's list_artifacts does; a missing folder lists empty.
func ListArtifacts(artifactURI, p string) ([]tracking.ArtifactInfo, error) {
	root, err := LocalPath(artifactURI)
	if err != nil {
		return nil, err
	}
	rel, err := cleanArtifactPath(p)
	if err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(rel)))
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("listing artifacts: %w", err)
	}
	var out []tracking.ArtifactInfo
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") && strings.Contains(e.Name(), ".tmp") {
			continue // a copy in progress
		}
		ai := tracking.ArtifactInfo{Path: path.Join(rel, e.Name()), IsDir: e.IsDir()}
		if !e.IsDir() {
			if info, err := e.Info(); err == nil {
				ai.Size = info.Size()
			}
		}
		out = append(out, ai)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}
