// Package projlock makes sure only one kfc exec runs per project at a time,
// with an flock on <root>/.kfc/exec.lock. The kernel releases an flock when
// its process dies, so a SIGKILLed kfc never leaves a stale lock behind.
package projlock

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/kfc-dev/kfc/runtime/internal/flock"
)

// FileName is the lock's path under the project root.
const FileName = ".kfc/exec.lock"

// pollInterval is how often a waiting Acquire retries.
const pollInterval = 100 * time.Millisecond

// Holder is what the running kfc exec writes into the lock file.
type Holder struct {
	PID       int    `json:"pid"`
	RunID     string `json:"run_id"`
	StartTime string `json:"start_time"` // RFC 3339 UTC
}

func (h Holder) String() string {
	if h.PID == 0 {
		return "kfc exec (holder unknown)"
	}
	return fmt.Sprintf("kfc exec (pid %d, run %s, started %s)", h.PID, h.RunID, h.StartTime)
}

// BusyError is Acquire's error when another kfc exec holds the lock.
type BusyError struct {
	Path   string
	Holder Holder
}

func (e *BusyError) Error() string {
	return fmt.Sprintf("another %s is running in this project (lock %s)", e.Holder, e.Path)
}

// Acquire takes an exclusive lock on <root>/.kfc/exec.lock and writes the
// holder (this pid, runID, now) into it. When another process holds it,
// wait=false returns a *BusyError naming that holder; wait=true calls
// notify once ("waiting for kfc exec (pid N, run R, ...) to finish") and
// retries until the lock is free or ctx is done. release unlocks; it is
// safe to call more than once.
func Acquire(ctx context.Context, root, runID string, wait bool, notify func(string)) (release func(), err error) {
	path := filepath.Join(root, FileName)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	notified := false
	for {
		err := flock.TryLock(f)
		if err == nil {
			break
		}
		if !errors.Is(err, flock.ErrBusy) {
			f.Close()
			return nil, fmt.Errorf("locking %s: %w", path, err)
		}
		busy := &BusyError{Path: path, Holder: readHolder(path)}
		if !wait {
			f.Close()
			return nil, busy
		}
		if !notified && notify != nil {
			notify(fmt.Sprintf("waiting for %s to finish", busy.Holder))
		}
		notified = true
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("gave up waiting for %s: %w", busy.Holder, ctx.Err())
		case <-time.After(pollInterval):
		}
	}
	h := Holder{PID: os.Getpid(), RunID: runID, StartTime: time.Now().UTC().Format(time.RFC3339)}
	b, _ := json.Marshal(h)
	// The file is rewritten in place, never replaced: another process may
	// have it open to lock, and a new inode would give it a lock of its own.
	if err := f.Truncate(0); err == nil {
		f.WriteAt(append(b, '\n'), 0)
	}
	done := false
	return func() {
		if done {
			return
		}
		done = true
		f.Truncate(0)
		flock.Unlock(f)
		f.Close()
	}, nil
}

// readHolder reads the holder a running kfc wrote; zero if it has not yet.
func readHolder(path string) Holder {
	var h Holder
	if b, err := os.ReadFile(path); err == nil {
		json.Unmarshal(b, &h)
	}
	return h
}
