//go:build unix

package engine

import (
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// A group that starts while a signal is being sent (starts run outside
// the process table's lock) gets that signal once it is registered: a
// SIGTERM reaches every node, also the one that started meanwhile.
func TestGroupStartedDuringASignalGetsIt(t *testing.T) {
	var p procs
	p.signal(syscall.SIGTERM) // no group yet: the start below raced it
	cmd := exec.Command("sleep", "60")
	cmd.SysProcAttr = &syscall.SysProcAttr{}
	ownGroup(cmd.SysProcAttr)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	p.register(cmd.Process.Pid)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
		ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
		if !ws.Signaled() || ws.Signal() != syscall.SIGTERM {
			t.Errorf("ended with %v, want SIGTERM", cmd.ProcessState)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the group that started during the signal was not signalled")
	}
	// Before any signal, registering sends nothing.
	var q procs
	other := exec.Command("sleep", "0.2")
	other.SysProcAttr = &syscall.SysProcAttr{}
	ownGroup(other.SysProcAttr)
	if err := other.Start(); err != nil {
		t.Fatal(err)
	}
	q.register(other.Process.Pid)
	if err := other.Wait(); err != nil {
		t.Errorf("a group registered with no signal sent: %v", err)
	}
}
