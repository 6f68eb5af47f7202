// Package flock is an exclusive, advisory lock on an open file that the
// operating system drops when the process dies (flock(2) on Unix,
// LockFileEx on Windows), so a killed kfc never leaves a lock held.
package flock

import "errors"

// ErrBusy is TryLock's error when another process holds the lock.
var ErrBusy = errors.New("locked by another process")
