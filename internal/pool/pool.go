// Package pool is kfc's one worker pool: every fan-out over files, keys,
// rules or YAML pieces runs through it, so a panic on any worker reaches
// the caller's goroutine (and cli.Main's recover, exit 3) instead of
// killing the process with a goroutine trace and Go's exit status 2.
package pool

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
)

// Panic is a panic recovered on a worker, re-raised on the caller's
// goroutine: kfc's bug, never the user's.
type Panic struct {
	Value any
	Stack []byte // the worker's stack, for a debugger; never printed
}

func (p *Panic) Error() string { return BugText(p.Value) }

// BugText is the one line kfc prints for an internal error.
func BugText(v any) string {
	return fmt.Sprintf("internal error: %v (this is a bug in kfc; please report it at https://github.com/kfc-dev/kfc/issues with the command you ran)", v)
}

// Each calls f(0) ... f(n-1) on up to GOMAXPROCS goroutines and returns
// when all calls have returned. If any call panics, the remaining indexes
// are skipped and the first panic is re-raised here as a *Panic.
func Each(n int, f func(i int)) {
	if n <= 0 {
		return
	}
	workers := runtime.GOMAXPROCS(0)
	if workers > n {
		workers = n
	}
	var (
		mu    sync.Mutex
		first *Panic
		next  int
		wg    sync.WaitGroup
	)
	take := func() (int, bool) {
		mu.Lock()
		defer mu.Unlock()
		if first != nil || next >= n {
			return 0, false
		}
		next++
		return next - 1, true
	}
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					mu.Lock()
					if first == nil {
						first = &Panic{Value: r, Stack: debug.Stack()}
					}
					mu.Unlock()
				}
			}()
			for i, ok := take(); ok; i, ok = take() {
				f(i)
			}
		}()
	}
	wg.Wait()
	if first != nil {
		panic(first)
	}
}

var (
	bgMu    sync.Mutex
	bgFirst *Panic
)

// Go runs f in the background, for work whose result a later call waits
// for anyway (warming a cache). A panic in f is kept; Raise re-raises it.
func Go(f func()) {
	go func() {
		defer func() {
			if r := recover(); r != nil {
				bgMu.Lock()
				if bgFirst == nil {
					bgFirst = &Panic{Value: r, Stack: debug.Stack()}
				}
				bgMu.Unlock()
			}
		}()
		f()
	}()
}

// Raise re-raises the first panic a Go function had, if any.
func Raise() {
	bgMu.Lock()
	p := bgFirst
	bgMu.Unlock()
	if p != nil {
		panic(p)
	}
}
