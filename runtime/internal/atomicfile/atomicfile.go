// Package atomicfile replaces files atomically and serialises writers of a
// file across processes with flock.
package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/kfc-dev/kfc/runtime/internal/flock"
)

// Write replaces path with data: a temporary file in the same folder is
// written, fsynced and renamed over path, and the folder is fsynced, so a
// reader (or a crash) sees the old content or the new, never a mix.
func Write(path string, data []byte, perm os.FileMode) error {
	return WriteParts(path, perm, data)
}

// WriteParts is Write of the parts' concatenation, written one after the
// other (a large file is not copied into one buffer first).
func WriteParts(path string, perm os.FileMode, parts ...[]byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	ok := false
	defer func() {
		if !ok {
			f.Close()
			os.Remove(tmp)
		}
	}()
	for _, data := range parts {
		if _, err := f.Write(data); err != nil {
			return err
		}
	}
	if err := f.Chmod(perm); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	ok = true
	if d, err := os.Open(dir); err == nil {
		d.Sync() // best effort: some filesystems refuse fsync on folders
		d.Close()
	}
	return nil
}

// WritePartsSyncLater is WriteParts that renames the file into place
// before it is synced, and returns the sync (the file, then its folder),
// for a caller with other work to overlap with it. Until sync returns, a
// crash may leave path empty or missing; a reader sees the whole content
// at once, as with Write.
func WritePartsSyncLater(path string, perm os.FileMode, parts ...[]byte) (sync func() error, err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, err
	}
	tmp := f.Name()
	fail := func(err error) (func() error, error) {
		f.Close()
		os.Remove(tmp)
		return nil, err
	}
	for _, data := range parts {
		if _, err := f.Write(data); err != nil {
			return fail(err)
		}
	}
	if err := f.Chmod(perm); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fail(err)
	}
	return func() error {
		err := f.Sync()
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if d, derr := os.Open(dir); derr == nil {
			d.Sync() // best effort, as in WriteParts
			d.Close()
		}
		return err
	}, nil
}

// Lock takes an exclusive flock on path (created if needed), blocking
// until it is free, and returns its release. The kernel drops the lock
// when the process dies, so a killed writer never leaves it held.
func Lock(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err = flock.Lock(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("locking %s: %w", path, err)
	}
	return func() {
		flock.Unlock(f)
		f.Close()
	}, nil
}

// RemoveStale removes the temporary files Write leaves for path when its
// process is killed mid-write. Call it holding the lock that serialises
// path's writers, so no live Write's file is taken.
func RemoveStale(path string) {
	stale, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "."+globEscape(filepath.Base(path))+".tmp-*"))
	for _, p := range stale {
		os.Remove(p)
	}
}

func globEscape(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '*', '?', '[', '\\':
			b = append(b, '\\')
		}
		b = append(b, s[i])
	}
	return string(b)
}
