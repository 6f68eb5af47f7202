//go:build !linux

package engine

import "syscall"

// dieWithKfc has no portable equivalent of Linux's Pdeathsig.
func dieWithKfc(a *syscall.SysProcAttr) {}

// killLeftovers needs Linux's /proc to find a killed run's processes.
func killLeftovers(string) int { return 0 }
