package manifest

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/kfc-dev/kfc/runtime/digest"
	"github.com/kfc-dev/kfc/runtime/lockfile"
)

// Problem kinds.
const (
	Changed    = "changed"
	Vanished   = "vanished"
	Unreadable = "unreadable"
)

// Problem is one output that no longer matches the manifest.
type Problem struct {
	Node, Dataset, Path, Want, Got string
	Kind                           string // Changed, Vanished or Unreadable (Got then holds the error)
}

// Report is the outcome of VerifyReport.
type Report struct {
	Problems []Problem
	Checked  int      // local outputs re-hashed
	External []string // paths of external outputs, never hashed and so not verified
}

// Verify re-hashes every output the manifest records a digest for and
// returns those that changed (size or digest) or vanished. External
// outputs are not checked.
func Verify(root string, m *Manifest) ([]Problem, error) {
	r, err := VerifyReport(root, m)
	return r.Problems, err
}

// VerifyReport is Verify with counts. Files are read afresh: the digest
// cache is bypassed, so a file rewritten with its old mtime is caught too.
func VerifyReport(root string, m *Manifest) (Report, error) {
	var r Report
	seen := map[string]bool{}
	for _, n := range m.Nodes {
		for _, a := range n.Outputs {
			if a.External {
				r.External = append(r.External, a.Path)
				continue
			}
			if a.Digest == "" {
				continue // nothing was recorded: the node did not succeed
			}
			path := ArtifactPath(a)
			if seen[path] {
				continue
			}
			seen[path] = true
			r.Checked++
			abs := path
			if !filepath.IsAbs(abs) {
				abs = filepath.Join(root, filepath.FromSlash(path))
			}
			p := Problem{Node: n.ID, Dataset: a.Name, Path: path, Want: a.Digest}
			d, err := digest.Sum(abs)
			switch {
			case digest.IsNotExist(err):
				p.Kind = Vanished
			case err != nil:
				p.Kind, p.Got = Unreadable, err.Error()
			case d.Digest != a.Digest || d.Size != a.Size:
				p.Kind, p.Got = Changed, d.Digest
			default:
				continue
			}
			r.Problems = append(r.Problems, p)
		}
	}
	return r, nil
}

// ArtifactPath is the file or folder an artifact's data is in: its Path,
// or, for a versioned dataset whose Path is the base path, Kedro's
// <path>/<version>/<basename>.
func ArtifactPath(a lockfile.Artifact) string {
	if a.Version == "" || strings.Contains("/"+a.Path+"/", "/"+a.Version+"/") {
		return a.Path
	}
	return a.Path + "/" + a.Version + "/" + filepath.Base(a.Path)
}

// Short abbreviates a digest for messages: "sha256:ab12cd34..".
func Short(d string) string {
	h, ok := strings.CutPrefix(d, digest.Prefix)
	if !ok || len(h) <= 8 {
		return d
	}
	return fmt.Sprintf("%s%s..", digest.Prefix, h[:8])
}
