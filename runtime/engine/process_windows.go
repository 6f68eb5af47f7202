package engine

import (
	"os"
	"syscall"
)

// Windows has no process groups or POSIX signals: kfc exec can only kill
// a node's main process there (SIGKILL); other signals are not forwarded.
func ownGroup(a *syscall.SysProcAttr) {}

func killGroup(pid int, sig syscall.Signal) {
	if sig != syscall.SIGKILL {
		return
	}
	if p, err := os.FindProcess(pid); err == nil {
		_ = p.Kill()
	}
}
