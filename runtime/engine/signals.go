package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"syscall"
	"time"

	"github.com/kfc-dev/kfc/internal/esc"
	"github.com/kfc-dev/kfc/runtime/projlock"
)

// ErrInterrupted is Run's error when a signal came before the run started
// (while waiting for another kfc exec).
var ErrInterrupted = errors.New("interrupted while waiting for the project lock")

// acquire takes the project lock, waiting unless NoWait; a signal while
// waiting gives up.
func (r *run) acquire(ctx context.Context) (func(), error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	quit := make(chan struct{})
	var interrupted bool
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer recoverTo(r.bug)
		select {
		case <-r.opt.Signals:
			interrupted = true
			cancel()
		case <-quit:
		}
	}()
	release, err := projlock.Acquire(ctx, r.root, r.id, !r.opt.NoWait, func(msg string) {
		fmt.Fprintln(r.opt.Stderr, esc.Text(fmt.Sprintf("kfc: %s", msg)))
	})
	close(quit)
	wg.Wait()
	if interrupted {
		if err == nil {
			release()
		}
		return nil, ErrInterrupted
	}
	return release, err
}

// watchSignals forwards stop signals (and ctx's end, as SIGTERM) to the
// node processes; the returned func stops watching.
func (r *run) watchSignals(ctx context.Context) func() {
	quit := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer recoverTo(r.bug)
		var grace <-chan time.Time
		for {
			var sig os.Signal
			select {
			case <-quit:
				return
			case s := <-r.opt.Signals:
				sig = s
			case <-ctx.Done():
				sig = syscall.SIGTERM
				ctx = context.Background() // once
			case <-grace:
				r.con.event("kfc: grace period over: killing the remaining nodes")
				r.procs.signal(syscall.SIGKILL)
				grace = nil
				continue
			}
			s, _ := sig.(syscall.Signal)
			if s == 0 {
				s = syscall.SIGTERM
			}
			r.mu.Lock()
			first := r.signal == 0
			if first {
				r.signal = s
			}
			r.mu.Unlock()
			if first {
				n := r.procs.running()
				r.con.event("kfc: %s: stopping %d running node(s) (SIGKILL in %s; again to kill now)", signalName(s), n, r.opt.Grace)
				r.procs.signal(s)
				grace = time.After(r.opt.Grace)
			} else {
				r.con.event("kfc: %s again: killing the remaining nodes", signalName(s))
				r.procs.signal(syscall.SIGKILL)
			}
		}
	}()
	return func() { close(quit); wg.Wait() }
}

func (r *run) stopped() syscall.Signal {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.signal
}

func signalName(s syscall.Signal) string {
	switch s {
	case syscall.SIGINT:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	case syscall.SIGKILL:
		return "SIGKILL"
	}
	return s.String()
}
