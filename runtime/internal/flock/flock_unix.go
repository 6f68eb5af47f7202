//go:build unix

package flock

import (
	"errors"
	"os"
	"syscall"
)

// Lock blocks until f is locked.
func Lock(f *os.File) error { return retry(f, syscall.LOCK_EX) }

// TryLock locks f or fails at once with ErrBusy.
func TryLock(f *os.File) error {
	err := retry(f, syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return ErrBusy
	}
	return err
}

// Unlock releases f's lock.
func Unlock(f *os.File) error { return syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }

func retry(f *os.File, how int) error {
	for {
		err := syscall.Flock(int(f.Fd()), how)
		if err != syscall.EINTR {
			return err
		}
	}
}
