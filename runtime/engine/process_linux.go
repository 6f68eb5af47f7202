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
