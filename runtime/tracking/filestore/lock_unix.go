//go:build unix

package filestore

import (
	"os"
	"syscall"
)

// lock takes an exclusive advisory lock on a run's folder itself, so that
// two processes rewriting one meta.yaml (read, change, rename) cannot lose
// each other's change, without leaving a lock file MLflow never writes.
func lock(dir string) (func(), error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
