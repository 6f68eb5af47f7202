package engine

import (
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// exitWatch lets the runtime's poller, rather than a thread blocked in
// waitid, tell when a node's process exits: the process's pidfd becomes
// readable then. Process.Wait afterwards reaps it without blocking. With a
// thread blocked a node, each exit was a thread hand-off and a wake-up of
// the scheduler; on a busy machine each is a wait for a CPU (docs/bench.md).
type exitWatch struct {
	fd int // the pidfd the kernel fills in at the start, or -1
}

// prepare asks the start for a pidfd.
func (w *exitWatch) prepare(a *syscall.SysProcAttr) {
	w.fd = -1
	a.PidFD = &w.fd
}

// wait returns once the process has exited (at once without a pidfd: then
// Process.Wait blocks as before). It closes the pidfd.
func (w *exitWatch) wait() {
	if w.fd < 0 {
		return
	}
	if err := syscall.SetNonblock(w.fd, true); err != nil {
		syscall.Close(w.fd)
		return
	}
	f := os.NewFile(uintptr(w.fd), "pidfd") // non-blocking: registered with the poller
	defer f.Close()
	rc, err := f.SyscallConn()
	if err != nil {
		return
	}
	_ = rc.Read(func(fd uintptr) bool {
		p := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		for {
			n, err := unix.Poll(p, 0)
			if err == unix.EINTR {
				continue
			}
			return err != nil || n > 0 // an error: let Process.Wait decide
		}
	})
}
