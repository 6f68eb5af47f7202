// Package stamp is kfc exec's "everything up to date" record
// (docs/exec.md "The up-to-date stamp"): a digest of what a run in which
// every node was up to date depended on, so that the next run with the
// same digest can skip vet, build and the per-file checks. This file
// digests a project tree by the identity of its files, as the digest
// cache trusts a file (size, mtime, ctime, inode, device), without
// reading any.
package stamp

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Tree is the outcome of a walk.
type Tree struct {
	Digest string // sha256 over every entry's record, in walk order
	// Doubt, when set, says why the tree cannot be stamped (a symlink to
	// a folder, a file modified too recently to be told apart from a later
	// modification, a system without inodes): a run must take the
	// normal path.
	Doubt string
}

// skipAnywhere are folders no kfc command reads (caches, virtual
// environments, version control): their contents change without the
// project changing.
var skipAnywhere = map[string]bool{
	".git": true, "__pycache__": true, ".venv": true, ".mypy_cache": true, ".pytest_cache": true,
	".ruff_cache": true, ".ipynb_checkpoints": true, "node_modules": true, ".tox": true,
}

// DefaultExclude are the project-relative paths kfc exec itself writes on
// every run, besides its own .kfc/: MLflow's default tracking store and
// artifact folder (a tracking store elsewhere in the project is added by
// the caller).
var DefaultExclude = []string{".kfc", "mlruns", "mlartifacts", "mlflow.db", "mlflow.db-journal", "mlflow.db-wal", "mlflow.db-shm"}

// Walk digests the tree under root: every folder's entry names and every
// file's identity, but for the excluded project-relative paths (slash
// separated) and the folders of skipAnywhere. now is when the walk
// began: a file whose mtime or ctime is within the timestamp granularity
// of it is a doubt (git's "racily clean").
func Walk(root string, exclude []string, now time.Time) (Tree, error) {
	w := &walker{root: root, h: sha256.New(), now: now.UnixNano(), exclude: map[string]bool{}}
	for _, x := range exclude {
		w.exclude[x] = true
	}
	if err := w.dir(""); err != nil {
		return Tree{}, err
	}
	return Tree{Digest: hex.EncodeToString(w.h.Sum(nil)), Doubt: w.doubt}, nil
}

type walker struct {
	root    string
	h       hash.Hash
	now     int64
	exclude map[string]bool
	doubt   string
}

func (w *walker) dir(rel string) error {
	f, err := os.Open(filepath.Join(w.root, filepath.FromSlash(rel)))
	if err != nil {
		return err
	}
	defer f.Close()
	ents, err := f.ReadDir(-1)
	if err != nil {
		return err
	}
	slices.SortFunc(ents, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	at := openDir(f)
	fmt.Fprintf(w.h, "D %q\n", rel)
	for _, e := range ents {
		name := e.Name()
		sub := name
		if rel != "" {
			sub = rel + "/" + name
		}
		if w.exclude[sub] || (e.IsDir() && skipAnywhere[name]) {
			continue
		}
		if e.IsDir() {
			if err := w.dir(sub); err != nil {
				return err
			}
			continue
		}
		id, link, err := at.lstat(name)
		if errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(w.h, "gone %q\n", sub) // removed while walking: the next walk differs
			continue
		}
		if err != nil {
			return err
		}
		if link {
			w.file(sub, id)
			target, err := os.Stat(filepath.Join(w.root, filepath.FromSlash(sub)))
			switch {
			case err != nil:
				fmt.Fprintf(w.h, "dangling %q\n", sub)
				continue
			case target.IsDir():
				w.setDoubt(sub + " is a symbolic link to a folder")
				continue
			}
			id = identityOf(target)
		}
		w.file(sub, id)
	}
	return nil
}

func (w *walker) file(rel string, id identity) {
	if !id.ok {
		w.setDoubt("no inode or change time on this system")
	}
	fmt.Fprintf(w.h, "F %q %o %d %d %d %d %d\n", rel, id.mode, id.size, id.mtime, id.ctime, id.ino, id.dev)
	if racy(w.now, id.mtime) || racy(w.now, id.ctime) {
		w.setDoubt(rel + " was modified too recently")
	}
}

func (w *walker) setDoubt(why string) {
	if w.doubt == "" {
		w.doubt = why
	}
}

// racy reports whether a timestamp ts is too close to now to be trusted:
// a modification after it may keep the same timestamp. As the digest
// cache: 20 ms, or 2 s on a filesystem that shows whole seconds.
func racy(now, ts int64) bool {
	window := int64(20 * time.Millisecond)
	if ts%int64(time.Second) == 0 {
		window = int64(2 * time.Second)
	}
	return now-ts < window
}

type identity struct {
	size, mtime, ctime int64
	ino, dev           uint64
	mode               uint32 // the system's (st_mode on Unix: type and permissions)
	ok                 bool
}
