// Package digest computes sha256 digests of files and folders, with a
// persistent cache (.kfc/cache/digests.json) so that a file whose size,
// mtime, ctime and inode are unchanged is never read again.
package digest

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// Digest is the size and content digest of a file or folder.
type Digest struct {
	Size   int64  `json:"size"`
	Digest string `json:"digest"` // "sha256:<64 hex>"
}

// Prefix starts every digest string.
const Prefix = "sha256:"

// bufPool holds the read buffers: large reads keep sha256, not syscalls,
// the bottleneck.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 1<<20); return &b }}

// Sum returns the digest of a file or folder without any cache: every file
// is read. (A nil *Cache behaves the same.)
func Sum(path string) (Digest, error) { return (*Cache)(nil).Sum(path) }

// Sum returns the digest of path: a regular file (a symlink to one is
// followed) or a folder. A folder's digest is sha256 over its entries'
// records "relpath\0mode\0digest\n" in sorted order (relpath with "/",
// symlinks inside are not followed: their digest is the sha256 of the
// target text), and its Size is the total size of its regular files.
// A relative path is relative to the cache's project root.
func (c *Cache) Sum(path string) (Digest, error) {
	path = c.abs(path)
	st, err := os.Stat(path)
	if err != nil {
		return Digest{}, err
	}
	switch {
	case st.Mode().IsRegular():
		return c.file(path, st)
	case st.IsDir():
		// WalkDir does not follow a symlink at its root: resolve it, so a
		// dataset folder that is a link to data elsewhere has its content's
		// digest.
		if real, err := filepath.EvalSymlinks(path); err == nil {
			path = real
		}
		return c.folder(path)
	}
	return Digest{}, fmt.Errorf("%s: not a regular file or folder (%s)", path, st.Mode().Type())
}

func (c *Cache) abs(path string) string {
	if !filepath.IsAbs(path) && c != nil && c.root != "" {
		path = filepath.Join(c.root, path)
	}
	if a, err := filepath.Abs(path); err == nil {
		return a
	}
	return filepath.Clean(path)
}

// file digests one regular file whose Stat is st, through the cache.
func (c *Cache) file(path string, st fs.FileInfo) (Digest, error) {
	id := identityOf(st)
	if d, ok := c.lookup(path, id); ok {
		return d, nil
	}
	start := time.Now()
	sum, n, err := hashFile(path)
	if err != nil {
		return Digest{}, err
	}
	// A file that changed while it was read gets a digest but no cache
	// entry: the next Sum reads it again.
	if after, err := os.Stat(path); err == nil && identityOf(after) == id && n == st.Size() {
		c.store(path, id, sum, start)
	}
	return Digest{Size: n, Digest: sum}, nil
}

// folder digests a directory tree.
func (c *Cache) folder(dir string) (Digest, error) {
	type record struct{ rel, mode, digest string }
	var recs []record
	var total int64
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == dir {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		r := record{rel: filepath.ToSlash(rel), mode: modeText(info.Mode())}
		switch {
		case info.Mode().IsRegular():
			fd, err := c.file(p, info)
			if err != nil {
				return err
			}
			r.digest, total = fd.Digest, total+fd.Size
		case info.Mode()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			s := sha256.Sum256([]byte(target))
			r.digest = Prefix + hex.EncodeToString(s[:])
		}
		recs = append(recs, r)
		return nil
	})
	if err != nil {
		return Digest{}, err
	}
	sort.Slice(recs, func(i, j int) bool { return recs[i].rel < recs[j].rel })
	h := sha256.New()
	for _, r := range recs {
		fmt.Fprintf(h, "%s\x00%s\x00%s\n", r.rel, r.mode, r.digest)
	}
	return Digest{Size: total, Digest: Prefix + hex.EncodeToString(h.Sum(nil))}, nil
}

// modeText is a record's mode: a type letter and the permission bits, so a
// folder's digest does not depend on how Go prints modes.
func modeText(m fs.FileMode) string {
	t := "f"
	switch {
	case m.IsDir():
		t = "d"
	case m&fs.ModeSymlink != 0:
		t = "l"
	case !m.IsRegular():
		t = "o"
	}
	return fmt.Sprintf("%s%04o", t, m.Perm())
}

// IsNotExist reports whether err says the path does not exist.
func IsNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// key is the cache key of an absolute path: root-relative with "/" when
// inside the root, else the absolute path.
func (c *Cache) key(abs string) string {
	if rel, err := filepath.Rel(c.root, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(rel)
	}
	return abs
}
