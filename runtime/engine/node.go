package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path"
	"sync"

	"github.com/kfc-dev/kfc/compiler/plan"
	"github.com/kfc-dev/kfc/runtime/kedrorun"
	"github.com/kfc-dev/kfc/runtime/lockfile"
)

// testPanicEnv names a node whose run panics inside the engine: a hidden
// hook for the test that a panic on any goroutine is exit 3.
const testPanicEnv = "KFC_TEST_PANIC_NODE"

// runNode decides whether node i runs and runs it. It runs on its own
// goroutine; its dependencies have finished.
func (r *run) runNode(i int) NodeResult {
	n := r.p.Nodes[i]
	if v, ok := r.opt.Getenv(testPanicEnv); ok && v == n.Name {
		panic("test hook " + testPanicEnv + "=" + v)
	}
	if _, runs := r.omo[i]; r.omo != nil && !runs {
		// Skipped by --only-missing-outputs: its inputs do not matter.
		out, err := r.resolveOutputs(n)
		if err != nil {
			return r.failedBefore(n, err)
		}
		return r.explained(n, nodeIO{out: out}, decision{reason: "persisted outputs exist (--only-missing-outputs)"})
	}
	io, err := r.resolveIO(n, false)
	if err != nil {
		return r.failedBefore(n, err)
	}
	d, err := r.decide(n, io, "")
	if err != nil {
		return r.failedBefore(n, err)
	}
	return r.explained(n, io, d)
}

// explained prints the decision with --explain, then runs or skips.
func (r *run) explained(n *plan.Node, io nodeIO, d decision) NodeResult {
	if r.opt.Explain {
		verb := "runs"
		if !d.run {
			verb = "skipped"
		}
		r.con.event("explain: %s: %s: %s", n.Name, verb, d.reason)
	}
	if !d.run {
		return r.skip(n, io, d)
	}
	return r.execNode(n, io, d)
}

func (r *run) failedBefore(n *plan.Node, err error) NodeResult {
	r.con.event("FAILED %s: %v", n.Name, err)
	return NodeResult{Status: Failed, Reason: err.Error()}
}

// skip records a node that is up to date; its versioned outputs stay at
// the versions the lock recorded (or, with --only-missing-outputs, the
// latest on disk), which its readers in this run then load.
func (r *run) skip(n *plan.Node, io nodeIO, d decision) NodeResult {
	res := r.skipped(io, d)
	if !r.opt.Explain { // --explain said it already
		r.con.event("skip %s: %s", n.Name, d.reason)
	}
	return res
}

func (r *run) skipped(io nodeIO, d decision) NodeResult {
	res := NodeResult{Status: Skipped, Reason: d.reason, Inputs: d.inputs}
	if d.entry != nil {
		res.Outputs = d.entry.Outputs
		for _, a := range d.entry.Outputs {
			if a.Version != "" {
				r.setVersion(a.Name, a.Version)
			}
		}
	} else {
		for _, a := range io.out {
			if a.d.Versioned && !a.external {
				r.setVersion(a.name, latestVersion(r.root, a.d.Path))
			}
		}
	}
	return res
}

// execNode runs a node's process with its local outputs redirected to
// staging, then checks and promotes them and records the node in kfc.lock.
func (r *run) execNode(n *plan.Node, io nodeIO, d decision) NodeResult {
	res := NodeResult{Reason: d.reason, Inputs: d.inputs}
	fail := func(format string, args ...any) NodeResult {
		res.Status = Failed
		res.Reason = fmt.Sprintf(format, args...)
		r.con.event("FAILED %s: %s", n.Name, res.Reason)
		return res
	}
	staged := r.stagingPaths(io.out) // final path -> staging path
	outputs := map[string]string{}
	for _, a := range io.out {
		if a.external {
			outputs[a.name] = a.path
		} else {
			outputs[a.name] = staged[a.path]
		}
	}
	if len(staged) > 0 {
		if err := r.prepareStaging(io.out, staged); err != nil {
			return fail("preparing staging: %v", err)
		}
	}
	promoted := false
	defer func() {
		if !promoted && len(staged) > 0 { // failed, stopped or never started: nothing is promoted
			r.keepFailed(n.ID, io, staged)
		}
	}()
	var argv []string
	var stdin []byte
	var err error
	if n.Command.Kedro != nil {
		argv, stdin, err = r.kedroCommand(n, io, staged)
		if err != nil {
			return fail("%v", err)
		}
		res.Command = kedrorun.Display(n.Command.Kedro)
	} else {
		argv, err = r.render(n, io, staged)
		if err != nil {
			return fail("%v", err)
		}
		// The manifest records the command as it would run without staging:
		// tokens replaced, final paths.
		if shown, err := r.render(n, io, nil); err == nil {
			if n.Command.Shell != "" {
				res.Command = shown[2]
			} else {
				res.Command = commandString(plan.Command{Argv: shown})
			}
		}
	}
	// Everything above overlaps other nodes' processes; from here the
	// node holds a process slot (at most -j), so its credentials file and
	// its MLflow child run exist only while it runs.
	i := r.index[n.ID]
	if why := r.sched.take(i); why != "" {
		res.Status, res.Reason = NotRun, why
		return res
	}
	env, cleanup, err := r.nodeEnv(n, io, outputs)
	if err != nil {
		return fail("%v", err)
	}
	defer cleanup()
	if nt, ok := r.opt.Tracker.(NodeTracker); ok {
		extra, err := nt.NodeStarting(n)
		if err != nil {
			return fail("tracking: %v", err)
		}
		env = append(env, extra...) // later entries win (os/exec)
	}
	// The log is created by the node's first line: most short nodes print
	// nothing, and a file a node is a cost (docs/bench.md).
	logPath := path.Join(r.runDir, "logs", safeName(n.Name)+".log")
	var logf *os.File
	var logErr error
	var logMu sync.Mutex
	emit := func(stderr bool) func(string) {
		return func(line string) {
			line = r.scrub(line)
			logMu.Lock()
			if logf == nil && logErr == nil {
				logf, logErr = os.OpenFile(abs(r.root, logPath), os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
			}
			if logf != nil {
				fmt.Fprintln(logf, line)
			}
			logMu.Unlock()
			r.con.nodeLine(stderr, n.Name, line)
		}
	}
	defer func() {
		if logf != nil {
			logf.Close()
		}
	}()
	cmd := r.command(argv)
	cmd.Dir = r.root
	cmd.Env = env
	if stdin != nil {
		// A kedro: node's job goes on standard input, never on argv.
		cmd.Stdin = bytes.NewReader(stdin)
	} else if r.devNull != nil {
		cmd.Stdin = r.devNull // one open for the run, not one a node
	}
	r.con.nodeStarted(n.Name)
	r.con.event("start %s", n.Name)
	out := emit(false)
	if r.oneStream {
		out = nil // both streams down one pipe, printed on kfc's stderr: the same file
	}
	info, err := r.procs.runProcess(cmd, out, emit(true), func(info exitInfo) {
		if info.signal == 0 && info.code == 0 && r.stopped() == 0 {
			r.sched.free(i) // reading its last lines, checking and promoting its outputs overlap the next process
		}
	})
	r.con.nodeFinished(n.Name)
	res.Duration = info.duration
	if errors.Is(err, errStopped) {
		res.Status, res.Reason = NotRun, "run interrupted before it started"
		return res
	}
	if err != nil {
		return fail("cannot start %s: %v", argv[0], unwrapExec(err))
	}
	if logf != nil { // the readers are done
		res.Log = logPath
	}
	if info.signal == 0 {
		code := info.code
		res.ExitCode = &code
	}
	if s := r.stopped(); s != 0 {
		res.Status = Killed
		res.Reason = "stopped by " + signalName(s)
		if info.signal != 0 {
			res.Reason += " (ended by " + signalName(info.signal) + ")"
		} else {
			res.Reason += fmt.Sprintf(" (exit status %d)", info.code)
		}
		r.con.event("KILLED %s: %s; nothing promoted", n.Name, res.Reason)
		return res
	}
	if info.signal != 0 {
		return fail("killed by %s", signalName(info.signal))
	}
	if info.code != 0 {
		return fail("exit status %d", info.code)
	}
	if logErr != nil {
		return fail("writing its log: %v", logErr)
	}
	for _, a := range io.out {
		if a.external {
			continue
		}
		if _, err := os.Stat(abs(r.root, staged[a.path])); err != nil {
			return fail("exited 0 but did not write output %s (expected at %s, where kfc redirects %s)", a.name, staged[a.path], a.path)
		}
	}
	for _, a := range io.out {
		if a.external {
			continue
		}
		if err := promote(abs(r.root, staged[a.path]), abs(r.root, a.path)); err != nil {
			return fail("promoting output %s to %s: %v", a.name, a.path, err)
		}
	}
	promoted = true
	outs, err := r.digests(io.out)
	if err != nil {
		return fail("hashing outputs: %v", err)
	}
	res.Outputs = outs
	for _, a := range io.out {
		if a.version != "" {
			r.setVersion(a.name, a.version)
		}
	}
	if err := r.record(n, res); err != nil {
		return fail("writing %s: %v", lockfile.FileName, err)
	}
	res.Status = Succeeded
	r.con.event("done %s (%s)", n.Name, formatDuration(res.Duration))
	return res
}

func unwrapExec(err error) error {
	var ee *exec.Error
	if errors.As(err, &ee) {
		return ee.Err
	}
	return err
}

// record writes the node's entry into kfc.lock's journal (one append, by
// the lockfile package), so an interrupted run keeps what finished; the
// run's Flush folds the journal into kfc.lock.
func (r *run) record(n *plan.Node, res NodeResult) error {
	params := map[string]json.RawMessage{}
	for k, v := range n.Parameters {
		params[k] = json.RawMessage(v)
	}
	r.lock.Set(n.ID, &lockfile.Entry{
		NodeHash:   n.Hash,
		Command:    commandString(n.Command),
		Parameters: params,
		Inputs:     res.Inputs,
		Outputs:    res.Outputs,
	})
	r.lockMu.Lock()
	defer r.lockMu.Unlock()
	return r.lock.Append(r.root)
}
