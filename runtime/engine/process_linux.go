package engine

import "syscall"

// dieWithKfc makes the kernel SIGKILL a node's main process when kfc
// itself dies without a chance to stop it (SIGKILL, a crash).
func dieWithKfc(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGKILL }
