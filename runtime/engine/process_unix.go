//go:build unix

package engine

import "syscall"

// ownGroup starts the process as the leader of a new process group, so a
// signal to the group reaches everything the node starts.
func ownGroup(a *syscall.SysProcAttr) { a.Setpgid = true }

// killGroup sends sig to the process group led by pgid.
func killGroup(pgid int, sig syscall.Signal) { _ = syscall.Kill(-pgid, sig) }
