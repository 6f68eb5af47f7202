package engine

import (
	"runtime/debug"
	"sync"

	"github.com/kfc-dev/kfc/internal/pool"
)

// BugError is a panic inside the engine, on any of its goroutines: kfc's
// bug, never the user's. The CLI turns it into exit 3.
type BugError struct {
	Value any
	Stack []byte
}

func (e *BugError) Error() string {
	return pool.BugText(e.Value)
}

// bugReport keeps the first panic of a run and, when one happens, calls
// abort once (which kills every node process and stops the run).
type bugReport struct {
	mu    sync.Mutex
	first *BugError
	abort func()
}

// recoverTo must be deferred first in every goroutine the engine starts.
func recoverTo(b *bugReport) {
	r := recover()
	if r == nil {
		return
	}
	if b == nil {
		panic(r)
	}
	b.mu.Lock()
	first := b.first == nil
	if first {
		b.first = &BugError{Value: r, Stack: debug.Stack()}
	}
	abort := b.abort
	b.mu.Unlock()
	if first && abort != nil {
		abort()
	}
}

func (b *bugReport) err() *BugError {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.first
}
