//go:build unix

package recorder

import (
	"errors"
	"syscall"
)

// pidGone reports whether no process has this pid (kill -0 says ESRCH).
func pidGone(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err != nil && errors.Is(err, syscall.ESRCH)
}
