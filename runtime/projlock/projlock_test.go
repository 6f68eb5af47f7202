package projlock

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the test binary act as a second kfc holding the lock:
// with KFC_PROJLOCK_HOLD=<root> it acquires, prints "locked" and waits
// until its stdin closes (or it is killed).
func TestMain(m *testing.M) {
	if root := os.Getenv("KFC_PROJLOCK_HOLD"); root != "" {
		release, err := Acquire(context.Background(), root, "run-other", false, nil)
		if err != nil {
			os.Stdout.WriteString("error: " + err.Error() + "\n")
			os.Exit(1)
		}
		os.Stdout.WriteString("locked\n")
		bufio.NewReader(os.Stdin).ReadString('\n')
		release()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// holder starts a process holding root's lock; closing the returned stdin
// makes it release and exit.
func holder(t *testing.T, root string) (*exec.Cmd, func()) {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "KFC_PROJLOCK_HOLD="+root)
	in, _ := cmd.StdinPipe()
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, _ := bufio.NewReader(out).ReadString('\n')
	if line != "locked\n" {
		t.Fatalf("holder: %q", line)
	}
	return cmd, func() { in.Close() }
}

func TestSecondProcessIsRefusedThenWaits(t *testing.T) {
	root := t.TempDir()
	cmd, releaseOther := holder(t, root)

	_, err := Acquire(context.Background(), root, "run-me", false, nil)
	var busy *BusyError
	if !errors.As(err, &busy) {
		t.Fatalf("err = %v, want a BusyError", err)
	}
	if busy.Holder.PID != cmd.Process.Pid || busy.Holder.RunID != "run-other" {
		t.Errorf("holder = %+v, want pid %d run run-other", busy.Holder, cmd.Process.Pid)
	}
	if !strings.Contains(err.Error(), "run run-other") {
		t.Errorf("message does not name the run: %v", err)
	}

	var notes atomic.Int32
	var note atomic.Value
	got := make(chan error, 1)
	go func() {
		release, err := Acquire(context.Background(), root, "run-me", true, func(s string) { notes.Add(1); note.Store(s) })
		if err == nil {
			defer release()
		}
		got <- err
	}()
	select {
	case err := <-got:
		t.Fatalf("waiting Acquire returned while the lock was held: %v", err)
	case <-time.After(3 * pollInterval):
	}
	releaseOther()
	select {
	case err := <-got:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("waiting Acquire never got the lock")
	}
	if notes.Load() != 1 || !strings.HasPrefix(note.Load().(string), "waiting for kfc exec (pid ") {
		t.Errorf("notify: %d calls, last %q", notes.Load(), note.Load())
	}
}

func TestKilledHolderLeavesNoStaleLock(t *testing.T) {
	root := t.TempDir()
	cmd, _ := holder(t, root)
	if _, err := Acquire(context.Background(), root, "r", false, nil); err == nil {
		t.Fatal("acquired while held")
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	release, err := Acquire(context.Background(), root, "r2", false, nil)
	if err != nil {
		t.Fatalf("after SIGKILL of the holder: %v", err)
	}
	release()
	release()
}

func TestWaitEndsWithContext(t *testing.T) {
	root := t.TempDir()
	holder(t, root)
	ctx, cancel := context.WithTimeout(context.Background(), 3*pollInterval)
	defer cancel()
	_, err := Acquire(ctx, root, "r", true, nil)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the context's", err)
	}
}

func TestSameProcessTwice(t *testing.T) {
	root := t.TempDir()
	release, err := Acquire(context.Background(), root, "a", false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Acquire(context.Background(), root, "b", false, nil); err == nil {
		t.Fatal("second Acquire in one process succeeded")
	}
	release()
	r2, err := Acquire(context.Background(), root, "b", false, nil)
	if err != nil {
		t.Fatal(err)
	}
	r2()
}
