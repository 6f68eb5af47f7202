package engine

import (
	"os"
	"testing"

	"golang.org/x/sys/unix"
)

// A node's end of its output pipes must block (a node writing to a full
// non-blocking pipe gets EAGAIN and may fail); kfc's end must not (it is
// read through the poller, not by a blocked thread). Neither leaks into
// children other than through the start's dup2.
func TestOutputPipeEnds(t *testing.T) {
	r, w, err := outputPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	// Through SyscallConn: Fd would make the read end blocking.
	fdOf := func(f *os.File) uintptr {
		var fd uintptr
		rc, err := f.SyscallConn()
		if err != nil {
			t.Fatal(err)
		}
		rc.Control(func(x uintptr) { fd = x })
		return fd
	}
	for _, c := range []struct {
		name     string
		fd       uintptr
		nonblock bool
	}{{"read end", fdOf(r), true}, {"write end", fdOf(w), false}} {
		fl, err := unix.FcntlInt(c.fd, unix.F_GETFL, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := fl&unix.O_NONBLOCK != 0; got != c.nonblock {
			t.Errorf("%s: O_NONBLOCK %v, want %v", c.name, got, c.nonblock)
		}
		fd, err := unix.FcntlInt(c.fd, unix.F_GETFD, 0)
		if err != nil || fd&unix.FD_CLOEXEC == 0 {
			t.Errorf("%s: not close-on-exec (%v)", c.name, err)
		}
	}
}
