//go:build !linux

package engine

import (
	"os"
	"syscall"
)

// dieWithKfc has no portable equivalent of Linux's Pdeathsig.
func dieWithKfc(a *syscall.SysProcAttr) {}

// killLeftovers needs Linux's /proc to find a killed run's processes.
func killLeftovers(string) int { return 0 }

// outputPipe is a pipe for a node's stdout or stderr.
func outputPipe() (r, w *os.File, err error) { return os.Pipe() }
