package engine

import (
	"bufio"
	"errors"
	"io"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"
)

// procs is the set of running node processes. Each runs in its own process
// group, so a signal reaches the node's whole process tree and nothing of
// it outlives the run.
type procs struct {
	mu       sync.Mutex
	groups   map[int]bool   // pgid -> running
	last     syscall.Signal // the last signal sent; once one was, nothing new starts
	bug      *bugReport
	onSignal func() // called after each signal, outside the lock
}

var errStopped = errors.New("run interrupted before the node started")

// pipeLinger is how long output is still read after a node's group is gone.
const pipeLinger = 2 * time.Second

// start starts cmd in a new process group unless the run was interrupted.
func (p *procs) start(cmd *exec.Cmd, exit *exitWatch) error {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	ownGroup(cmd.SysProcAttr)
	dieWithKfc(cmd.SysProcAttr)
	exit.prepare(cmd.SysProcAttr)
	p.mu.Lock()
	stopped := p.last != 0
	p.mu.Unlock()
	if stopped {
		return errStopped
	}
	// Outside the lock: each start waits for its child's exec (vfork), and
	// -j starts overlap. A signal sent meanwhile missed the new group: it
	// gets that signal now.
	if err := cmd.Start(); err != nil {
		return err
	}
	p.register(cmd.Process.Pid)
	return nil
}

// register adds a started group; one that a signal missed while it
// started gets that signal.
func (p *procs) register(pgid int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.groups == nil {
		p.groups = map[int]bool{}
	}
	p.groups[pgid] = true
	if p.last != 0 {
		killGroup(pgid, p.last)
	}
}

// reap is called once the group leader has exited: whatever it left
// behind in its group (a background job) is killed, so no orphan runs on.
func (p *procs) reap(pgid int) {
	p.mu.Lock()
	delete(p.groups, pgid)
	p.mu.Unlock()
	killGroup(pgid, syscall.SIGKILL)
}

// signal sends sig to every running group; with stop, nothing new starts.
func (p *procs) signal(sig syscall.Signal) {
	p.mu.Lock()
	p.last = sig
	for pgid := range p.groups {
		killGroup(pgid, sig)
	}
	on := p.onSignal
	p.mu.Unlock()
	if on != nil {
		on()
	}
}

// running reports how many groups are alive.
func (p *procs) running() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.groups)
}

// exitInfo is how a node process ended.
type exitInfo struct {
	code     int            // exit status, or -1 when killed by a signal
	signal   syscall.Signal // the signal that ended it, or 0
	duration time.Duration
}

// runProcess runs cmd to completion with its stdout and stderr read line by
// line into out and errw (each line passed whole, without its newline).
// With out nil, both go down one pipe into errw: kfc's own stdout and
// stderr are one file, so two pipes would only lose the order in which the
// node wrote its lines (sameDestination).
// The pipes are closed in kfc right after the start, so reading ends when
// every process holding them has exited; the leftovers of the group are
// killed when the leader exits, so that happens promptly. exited, when
// set, hears how the process ended as soon as it is reaped, before its
// last lines are read (a process slot is free then).
func (p *procs) runProcess(cmd *exec.Cmd, out, errw func(string), exited func(exitInfo)) (exitInfo, error) {
	var readers []*os.File
	var streams []func(string)
	closeAll := func() {
		for _, f := range readers {
			f.Close()
		}
	}
	pipe := func(emit func(string)) (*os.File, error) {
		r, w, err := outputPipe()
		if err != nil {
			closeAll()
			return nil, err
		}
		readers, streams = append(readers, r), append(streams, emit)
		return w, nil
	}
	var err error
	var ow, ew *os.File
	if out != nil {
		if ow, err = pipe(out); err != nil {
			return exitInfo{}, err
		}
	}
	if ew, err = pipe(errw); err != nil {
		if ow != nil {
			ow.Close()
		}
		return exitInfo{}, err
	}
	if ow == nil {
		ow = ew // os/exec gives the child one descriptor for both
	}
	cmd.Stdout, cmd.Stderr = ow, ew
	t0 := time.Now()
	var exit exitWatch
	err = p.start(cmd, &exit)
	ow.Close()
	if ew != ow {
		ew.Close()
	}
	if err != nil {
		closeAll()
		return exitInfo{}, err
	}
	// Each reader says when its pipe is done; a goroutine a pipe, no other
	// to wait for them.
	read := make(chan struct{}, len(readers))
	for i, r := range readers {
		emit := streams[i]
		go func() { defer func() { read <- struct{}{} }(); defer recoverTo(p.bug); readLines(r, emit) }()
	}
	exit.wait()
	st, werr := cmd.Process.Wait()
	info := exitInfo{code: -1, duration: time.Since(t0)}
	if werr == nil {
		if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			info.signal = ws.Signal()
		} else {
			info.code = st.ExitCode()
		}
		if exited != nil {
			exited(info)
		}
	}
	p.reap(cmd.Process.Pid)
	// A process that left the group (setsid, a daemon) may still hold the
	// pipes: give it a moment to finish its lines, then stop reading. (No
	// timer when the pipes are done already, as they mostly are.)
	pending := len(readers)
	for pending > 0 && received(read) {
		pending--
	}
	if pending > 0 {
		linger := time.NewTimer(pipeLinger)
		for ; pending > 0; pending-- {
			select {
			case <-read:
			case <-linger.C:
				closeAll()
				<-read
			}
		}
		linger.Stop()
	}
	closeAll()
	return info, werr
}

// sameDestination reports whether kfc's stdout and stderr are one file (a
// terminal, a CI log, /dev/null, `> log 2>&1`): a node's two streams then
// share one pipe.
func sameDestination(stdout, stderr io.Writer) bool {
	a, ok1 := stdout.(*os.File)
	b, ok2 := stderr.(*os.File)
	if !ok1 || !ok2 {
		return false
	}
	sa, err1 := a.Stat()
	sb, err2 := b.Stat()
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

// received takes a value from c if one is there.
func received(c <-chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// lineReaders are the 64 KiB readers of node output, reused: two fresh
// ones a node were most of what a short node allocated (docs/bench.md).
var lineReaders = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 64*1024) }}

// readLines calls emit for each line of r (a final line without a newline
// too). Very long lines are split rather than held whole.
func readLines(r io.Reader, emit func(string)) {
	br := lineReaders.Get().(*bufio.Reader)
	br.Reset(r)
	defer func() { br.Reset(nil); lineReaders.Put(br) }()
	for {
		line, err := br.ReadSlice('\n')
		if len(line) > 0 {
			s := string(line)
			if s[len(s)-1] == '\n' {
				s = s[:len(s)-1]
			}
			if len(s) > 0 && s[len(s)-1] == '\r' {
				s = s[:len(s)-1]
			}
			emit(s)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			return
		}
	}
}
