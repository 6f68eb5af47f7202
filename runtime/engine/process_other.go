//go:build !linux

package engine

import "syscall"

// dieWithKfc has no portable equivalent of Linux's Pdeathsig.
func dieWithKfc(a *syscall.SysProcAttr) {}
