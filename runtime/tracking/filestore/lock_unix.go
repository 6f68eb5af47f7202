//go:build unix

package filestore

import (
	"os"
	"syscall"
)

// lock takes an exclusive advisory lock on a folder itself (a run's, so
// that two processes rewriting one meta.yaml cannot lose each other's
// change; the root's, so that one experiment name is created once),
// without leaving a lock file MLflow never writes.
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
