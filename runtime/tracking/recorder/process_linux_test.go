package recorder

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"
)

// A SIGKILLed kfc that its parent has not reaped yet is a zombie: it still
// answers kill -0, but it is gone, and its runs are marked FAILED.
func TestZombieProcessIsGone(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("needs /proc")
	}
	cmd := exec.Command("sleep", "30")
	if err := cmd.Start(); err != nil {
		t.Skip("needs sleep:", err)
	}
	defer cmd.Wait()
	pid := cmd.Process.Pid
	host, _ := os.Hostname()
	tag := fmt.Sprintf("%s:%d:%s", host, pid, startTime(pid))
	if processGone(tag) {
		t.Fatalf("a running process %s counts as gone", tag)
	}
	cmd.Process.Kill() // not waited for yet: a zombie until the deferred Wait
	deadline := time.Now().Add(5 * time.Second)
	for !exited(pid) {
		if time.Now().After(deadline) {
			t.Fatal("the killed process never showed as a zombie")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if !processGone(tag) {
		t.Errorf("the zombie %s does not count as gone", tag)
	}
}
