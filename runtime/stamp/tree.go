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
	"hash"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
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
	buf     []byte // the record being written (appends, not fmt: a third of a walk's time)
	now     int64
	exclude map[string]bool
	doubt   string
}

// parallelStats is the number of files in a folder from which their
// lstats are split across the CPUs: the 2,000 files of the no-op
// benchmark are half its walk (BenchmarkWalk1000Nodes).
const parallelStats = 256

type stat struct {
	id   identity
	link bool
	err  error
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
	w.line("D", rel)
	subs := make([]string, len(ents))
	var files []int // indexes into ents of the entries to lstat
	for i, e := range ents {
		name := e.Name()
		subs[i] = name
		if rel != "" {
			subs[i] = rel + "/" + name
		}
		switch {
		case w.exclude[subs[i]] || (e.IsDir() && skipAnywhere[name]):
			subs[i] = "" // skipped
		case !e.IsDir():
			files = append(files, i)
		}
	}
	stats := lstatAll(at, ents, files)
	for i, e := range ents {
		sub := subs[i]
		if sub == "" {
			continue
		}
		if e.IsDir() {
			if err := w.dir(sub); err != nil {
				return err
			}
			continue
		}
		id, link, err := stats[i].id, stats[i].link, stats[i].err
		if errors.Is(err, fs.ErrNotExist) {
			w.line("gone", sub) // removed while walking: the next walk differs
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
				w.line("dangling", sub)
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

// lstatAll is, at each index i of files, the lstat of ents[i] (the
// other entries are left zero); split across the CPUs for a large folder.
func lstatAll(at dirAt, ents []fs.DirEntry, files []int) []stat {
	stats := make([]stat, len(ents))
	do := func(lo, hi int) {
		for _, i := range files[lo:hi] {
			s := &stats[i]
			s.id, s.link, s.err = at.lstat(ents[i].Name())
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(files)/parallelStats)
	if workers < 2 {
		do(0, len(files))
		return stats
	}
	var wg sync.WaitGroup
	chunk := (len(files) + workers - 1) / workers
	for lo := chunk; lo < len(files); lo += chunk {
		wg.Go(func() { do(lo, min(lo+chunk, len(files))) })
	}
	do(0, chunk)
	wg.Wait()
	return stats
}

// record appends `kind "path"` to the record being written, the path
// quoted as Go quotes it (%q).
func (w *walker) record(kind, rel string) {
	w.buf = append(w.buf, kind...)
	w.buf = append(w.buf, ' ')
	if plainASCII(rel) {
		w.buf = append(append(append(w.buf, '"'), rel...), '"')
	} else {
		w.buf = strconv.AppendQuote(w.buf, rel)
	}
}

// plainASCII reports whether s is printable ASCII without a quote or a
// backslash: what Go quotes as it is.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// line records `kind "path"` alone.
func (w *walker) line(kind, rel string) {
	w.record(kind, rel)
	w.flush()
}

// flush ends the record and hashes it.
func (w *walker) flush() {
	w.buf = append(w.buf, '\n')
	w.h.Write(w.buf)
	w.buf = w.buf[:0]
}

// file records one file: `F "path" mode size mtime ctime ino dev`, the
// mode in octal.
func (w *walker) file(rel string, id identity) {
	if !id.ok {
		w.setDoubt("no inode or change time on this system")
	}
	w.record("F", rel)
	w.buf = append(w.buf, ' ')
	w.buf = strconv.AppendUint(w.buf, uint64(id.mode), 8)
	for _, v := range []int64{id.size, id.mtime, id.ctime} {
		w.buf = append(w.buf, ' ')
		w.buf = strconv.AppendInt(w.buf, v, 10)
	}
	for _, v := range []uint64{id.ino, id.dev} {
		w.buf = append(w.buf, ' ')
		w.buf = strconv.AppendUint(w.buf, v, 10)
	}
	w.flush()
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
