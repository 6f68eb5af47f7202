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
	f, err := writeTemp(path, perm, parts)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return err
	}
	syncDir(path)
	return nil
}

// WritePartsSyncLater is WriteParts that renames the file into place
// before it is synced, and returns the sync (the file, then its folder),
// for a caller with other work to overlap with it. Until sync returns, a
// crash may leave path empty or missing; a reader sees the whole content
// at once, as with Write.
func WritePartsSyncLater(path string, perm os.FileMode, parts ...[]byte) (sync func() error, err error) {
	f, err := writeTemp(path, perm, parts)
	if err != nil {
		return nil, err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return func() error {
		err := f.Sync()
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		syncDir(path)
		return err
	}, nil
}

// writeTemp writes the parts to a new temporary file beside path, with
// perm, and returns it open; on an error it is gone.
func writeTemp(path string, perm os.FileMode, parts [][]byte) (*os.File, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, err
	}
	for _, data := range parts {
		if _, err = f.Write(data); err != nil {
			break
		}
	}
	if err == nil {
		err = f.Chmod(perm)
	}
	if err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return f, nil
}

// syncDir syncs the folder of path, so a rename into it is on disk; best
// effort: some filesystems refuse fsync on folders.
func syncDir(path string) {
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
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
