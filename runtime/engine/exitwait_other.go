//go:build !linux

package engine

import "syscall"

// exitWatch is Linux's pidfd watch; elsewhere Process.Wait blocks a thread.
type exitWatch struct{}

func (w *exitWatch) prepare(*syscall.SysProcAttr) {}
func (w *exitWatch) wait()                        {}
