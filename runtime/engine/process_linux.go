package engine

import (
	"bytes"
	"os"
	"strconv"
	"syscall"
)

// dieWithKfc makes the kernel SIGKILL a node's main process when kfc
// itself dies without a chance to stop it (SIGKILL, a crash).
func dieWithKfc(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGKILL }

// killLeftovers SIGKILLs what a killed run left running: every process
// whose environment carries that run's KFC_RUN_ID (a node's children and
// grandchildren inherit it; Pdeathsig reached only the node's own
// process). It returns how many it killed.
func killLeftovers(runID string) int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	mark := []byte("KFC_RUN_ID=" + runID + "\x00")
	self := os.Getpid()
	killed := 0
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == self {
			continue
		}
		env, err := os.ReadFile("/proc/" + e.Name() + "/environ")
		if err != nil || !hasEnvEntry(env, mark) {
			continue
		}
		if syscall.Kill(pid, syscall.SIGKILL) == nil {
			killed++
		}
	}
	return killed
}

// hasEnvEntry reports whether a NUL-separated environment holds entry
// (which ends in NUL) as a whole variable.
func hasEnvEntry(env, entry []byte) bool {
	return bytes.HasPrefix(env, entry) || bytes.Contains(env, append([]byte{0}, entry...))
}

// outputPipe is a pipe for a node's stdout or stderr: kfc's read end is
// non-blocking, in the runtime's poller; the node's write end is blocking
// and never in it. os.Pipe registers both ends with the poller, and the
// start then makes the write end blocking again: 4 fcntls and 2 epoll_ctls
// a pipe for nothing (docs/bench.md).
func outputPipe() (r, w *os.File, err error) {
	var p [2]int
	if err := syscall.Pipe2(p[:], syscall.O_CLOEXEC); err != nil {
		return nil, nil, os.NewSyscallError("pipe2", err)
	}
	if err := syscall.SetNonblock(p[0], true); err != nil {
		syscall.Close(p[0])
		syscall.Close(p[1])
		return nil, nil, os.NewSyscallError("fcntl", err)
	}
	return os.NewFile(uintptr(p[0]), "|0"), os.NewFile(uintptr(p[1]), "|1"), nil
}
