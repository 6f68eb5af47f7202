// Package engine runs a plan (compiler/plan) as processes: in dependency
// order, several at once, each node in its own process group writing its
// outputs to hidden siblings that are promoted only when the node
// succeeds, skipping nodes whose recorded inputs and outputs (kfc.lock)
// still match, and recording every run in .kfc/runs/<run_id>/. It reads
// nothing but the plan and the files the plan names. docs/exec.md.
package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"time"

	"github.com/kfc-dev/kfc/compiler/plan"
	"github.com/kfc-dev/kfc/internal/esc"
	"github.com/kfc-dev/kfc/runtime/digest"
	"github.com/kfc-dev/kfc/runtime/lockfile"
	"github.com/kfc-dev/kfc/runtime/manifest"
)

// Options say how to run a plan.
type Options struct {
	Root                                                         string // project root; nodes run there
	Jobs                                                         int    // nodes at once; 0: runtime.NumCPU()
	Force, Explain, DryRun, OnlyMissingOutputs, FailFast, NoWait bool
	Grace                                                        time.Duration // SIGINT/SIGTERM to SIGKILL; 0: 10s
	Stdout, Stderr                                               io.Writer
	TTY                                                          bool // live progress view on Stderr
	CommandLine                                                  []string
	KfcVersion                                                   string
	Getenv                                                       func(string) (string, bool)
	// Secrets are credentials by name (credentials.yml's top-level keys).
	// A node gets those its datasets reference, in a 0600 file named by
	// KFC_CREDENTIALS_FILE, removed when the node ends; their values are
	// scrubbed from its output and log.
	Secrets map[string]map[string]string
	Tracker Tracker // may be nil
	// Signals, when set, delivers SIGINT/SIGTERM (signal.Notify): the first
	// is forwarded to every node's process group, SIGKILL follows after
	// Grace, a second one kills at once.
	Signals <-chan os.Signal
	// Now is the clock (tests); nil: time.Now.
	Now func() time.Time
	// PlanJSON, when set, is plan.Encode of the plan, written as the run's
	// plan.json instead of encoding the plan again.
	PlanJSON []byte
	// Git, when set, is the project's checkout being read (the caller
	// started it early, and its tracker reads the same); else the run
	// reads it when it writes its first manifest.
	Git *manifest.GitReading
	// WritePlan, when set, writes the run's plan.json at the path given
	// instead (the caller's copy of the plan's bytes, copied as a file).
	WritePlan func(path string) error
	// UpToDate says the caller knows that nothing changed since a run in
	// which every node was up to date (cmd/cli's stamp, docs/exec.md): the
	// decisions take kfc.lock's digests as the files' (uptodate.go).
	UpToDate bool
	// Lock, when set, is kfc.lock as lockfile.Read returns it (the stamp's
	// copy), read instead of the file.
	Lock *lockfile.Lock
	// StillUpToDate, with UpToDate, is asked once this run holds the
	// project lock: false (another kfc exec ran a node since the caller
	// looked) drops UpToDate and Lock, and the run decides as any run.
	StillUpToDate func() bool
	// Replay, with UpToDate, is what the run that recorded the caller's
	// stamp wrote (Result.Replay): the run writes it again instead of
	// deciding every node (replay.go). The plan then needs only its
	// header and its nodes' ids and names; the Tracker hears of every
	// node skipped, with its reason but without its inputs and outputs
	// (the caller replays only a plan whose tracker needs none). When
	// StillUpToDate says no, FullPlan gives the plan the run decides
	// instead.
	Replay   *Replay
	FullPlan func() (*plan.Plan, error)
	// RecordReplay asks for Result.Replay after a run in which every
	// node was skipped.
	RecordReplay bool
}

// Tracker records a run elsewhere (MLflow).
type Tracker interface {
	// Begin starts the tracked run once this run holds the project lock
	// and before any node starts; an error stops the run there. A
	// non-empty runID becomes kfc's run id too, so .kfc/runs/<run_id> and
	// the MLflow run share one id; t goes into the manifest.
	Begin(ctx context.Context) (runID string, t *manifest.Tracking, err error)
	Env() []string                           // added to every node's environment
	NodeFinished(n *plan.Node, r NodeResult) // once per node (ran, failed, skipped or not run), on one goroutine
	RunFinished(status string, m *manifest.Manifest, runDir string) error
}

// NodeTracker is a Tracker that also hears when a node is about to start
// its process (per-node MLflow child runs). It is called on the node's
// goroutine, so for several nodes at once; a node that is skipped, or
// fails before its process starts, is never announced. The entries it
// returns come after the run-level Env in that node's environment, so
// they override it (MLFLOW_RUN_ID of the node's own run); an error fails
// the node before it starts. NodeFinished follows for every announced node.
type NodeTracker interface {
	NodeStarting(n *plan.Node) ([]string, error)
}

// NodeResult is what became of one node.
type NodeResult struct {
	Status   string // Succeeded, Failed, Skipped, NotRun or Killed
	Reason   string // why it ran, was skipped, failed or did not run
	ExitCode *int
	Duration time.Duration
	Log      string // run-folder-relative log path, when it ran
	Command  string // the command as run (tokens replaced, staging paths), when it ran
	Inputs   []lockfile.Artifact
	Outputs  []lockfile.Artifact
	// WouldRun is set by a dry run for a node it would run.
	WouldRun bool
}

// Run statuses (the manifest's).
const (
	StatusRunning  = "RUNNING"
	StatusFinished = "FINISHED"
	StatusFailed   = "FAILED"
	StatusKilled   = "KILLED"
)

// Result is the outcome of a run.
type Result struct {
	RunID    string
	Status   string       // FINISHED, FAILED or KILLED ("" for a dry run)
	ExitCode int          // 0, 1 (a node failed), 130 (SIGINT), 143 (SIGTERM)
	Manifest string       // project-relative manifest path ("" for a dry run)
	Nodes    []NodeResult // nil when Replayed
	// Replay, with Options.RecordReplay, is what a run from it writes
	// again; nil when the run cannot be replayed.
	Replay *Replay
	// Replayed: the run wrote Options.Replay instead of deciding.
	Replayed bool
}

// TrackingError is Run's error when the tracker could not begin the run
// (a tracking server that is down): no node has run.
type TrackingError struct{ Err error }

func (e *TrackingError) Error() string { return "tracking: " + e.Err.Error() }
func (e *TrackingError) Unwrap() error { return e.Err }

// InputError is Run's error when a file it must read (kfc.lock) is
// unreadable or malformed.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// run is one execution of a plan.
type run struct {
	p       *plan.Plan
	opt     Options
	root    string
	id      string
	version string // the save version of every versioned output
	runDir  string // project-relative
	tracked *manifest.Tracking
	lock    *lockfile.Lock
	cache   *digest.Cache
	con     *console
	procs   procs
	bug     *bugReport
	index   map[string]int // node id -> index
	omo     map[int]string // --only-missing-outputs: nodes it runs, with the reason
	env     []string

	mu        sync.Mutex
	versions  map[string]string // dataset base name -> the version its readers load
	results   []NodeResult
	sched     *schedule
	signal    syscall.Signal    // the first stop signal, or 0
	lockMu    sync.Mutex        // serializes kfc.lock writes
	wake      chan struct{}     // a signal wakes the scheduler
	paths     map[string]string // command name -> the executable PATH gave it
	devNull   *os.File          // every node's standard input, but a kedro: node's
	oneStream bool              // kfc's stdout and stderr are one file: a node's two streams share a pipe

	recordedOnce sync.Once
	recorded     map[string]digest.Digest // Options.UpToDate: kfc.lock's digests by absolute path

	stagingMu  sync.Mutex
	stagedList *os.File        // the run's index of staged paths (staging.go), once a node staged
	dirsMade   map[string]bool // folders of staged paths known to exist

	dirsOnce    sync.Once
	datasetDirs map[string]bool // every local dataset's path, for outerDataset
}

// Run runs p. An error is returned only when the run could not start (the
// project lock, an unreadable kfc.lock) or for a bug (*BugError); node
// failures are in the Result.
func Run(ctx context.Context, p *plan.Plan, opt Options) (res *Result, err error) {
	r, err := newRun(p, opt)
	if err != nil {
		return nil, err
	}
	defer func() {
		if rec := recover(); rec != nil {
			r.procs.signal(syscall.SIGKILL)
			res, err = nil, &BugError{Value: rec}
		}
	}()
	return r.execute(ctx)
}

func newRun(p *plan.Plan, opt Options) (*run, error) {
	if opt.Jobs <= 0 {
		opt.Jobs = runtime.NumCPU()
	}
	if opt.Grace <= 0 {
		opt.Grace = 10 * time.Second
	}
	if opt.Stdout == nil {
		opt.Stdout = io.Discard
	}
	if opt.Stderr == nil {
		opt.Stderr = io.Discard
	}
	if opt.Getenv == nil {
		opt.Getenv = os.LookupEnv
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	root, err := filepath.Abs(opt.Root)
	if err != nil {
		return nil, err
	}
	now := opt.Now()
	r := &run{opt: opt, root: root, id: newRunID(now), version: saveVersion(now),
		bug: &bugReport{}, versions: map[string]string{}, paths: map[string]string{}}
	r.runDir = filepath.ToSlash(filepath.Join(plan.RunDir, r.id))
	r.procs.bug = r.bug
	// A signal wakes the scheduler so that it stops starting nodes.
	r.wake = make(chan struct{}, 1)
	r.procs.onSignal = func() {
		select {
		case r.wake <- struct{}{}:
		default:
		}
	}
	r.bug.abort = func() { r.procs.signal(syscall.SIGKILL) }
	r.setPlan(p)
	return r, nil
}

func (r *run) setPlan(p *plan.Plan) {
	r.p = p
	r.index = make(map[string]int, len(p.Nodes))
	for i, n := range p.Nodes {
		r.index[n.ID] = i
	}
}

func (r *run) execute(ctx context.Context) (*Result, error) {
	opt := r.opt
	if !opt.DryRun {
		release, err := r.acquire(ctx)
		if err != nil {
			return nil, err
		}
		defer release()
		r.cleanStale()
	}
	if err := r.recheckUpToDate(); err != nil {
		return nil, err
	}
	opt = r.opt
	r.lock = opt.Lock
	if r.lock == nil && opt.Replay == nil {
		lock, err := lockfile.Read(r.root)
		if err != nil {
			return nil, &InputError{err}
		}
		r.lock = lock
	}
	r.cache = digest.OpenCache(r.root)
	if opt.OnlyMissingOutputs {
		r.omo = r.onlyMissingOutputs()
	}
	if opt.DryRun {
		return r.dryRun(), nil
	}
	if opt.Tracker != nil {
		id, t, err := opt.Tracker.Begin(ctx)
		if err != nil {
			return nil, &TrackingError{err}
		}
		if id != "" {
			r.id = id
			r.runDir = filepath.ToSlash(filepath.Join(plan.RunDir, r.id))
		}
		r.tracked = t
	}
	if err := r.prepareRunDir(); err != nil {
		return nil, err
	}
	if opt.Replay != nil {
		return r.replay(opt.Replay)
	}
	m := r.newManifest()
	m.Nodes = r.manifestNodes(make([]NodeResult, len(r.p.Nodes)))
	// The first manifest is in place before any node starts; its sync to
	// disk overlaps the nodes (a kill of kfc keeps what it wrote; only a
	// machine's crash could lose it, with the run).
	syncFirst, err := manifest.WriteSyncLater(r.abs(r.runDir, "manifest.json"), m, nil)
	if err != nil {
		return nil, fmt.Errorf("writing the manifest: %w", err)
	}
	firstSynced := r.inBackground(syncFirst)
	r.env = r.baseEnv()
	r.con = newConsole(opt.Stdout, opt.Stderr, opt.TTY, len(r.p.Nodes), opt.Now)
	r.oneStream = sameDestination(opt.Stdout, opt.Stderr)
	r.con.tick(r.bug)
	r.con.event("kfc exec: run %s, %d nodes, save version %s", r.id, len(r.p.Nodes), r.version)
	stopSignals := r.watchSignals(ctx)
	if f, err := os.Open(os.DevNull); err == nil {
		r.devNull = f
		defer f.Close()
	}
	results := r.schedule()
	stopSignals()
	<-firstSynced // before the final manifest replaces it; that write reports its own errors
	r.con.close()
	r.closeStaging()
	if b := r.bug.err(); b != nil {
		return nil, b
	}
	// kfc.lock and the digest cache are files apart from the manifest,
	// each encoded and synced: written beside the manifest and the
	// summary, not before them (a sixth of a 1,000-node run's end).
	r.keepCached(results)
	flushed, saved := r.inBackground(func() error { return r.lock.Flush(r.root) }), r.inBackground(r.cache.Save)
	res := r.finish(m, results)
	if err := <-flushed; err != nil {
		// What ran is in the journal, which the next run reads, but
		// kfc.lock itself, the file a team commits, is stale: the run
		// fails, as it does when its manifest cannot be written.
		fmt.Fprintln(opt.Stderr, esc.Text(fmt.Sprintf("kfc: error: writing %s: %v", lockfile.FileName, err)))
		if res.ExitCode == 0 {
			res.ExitCode = 1
		}
	}
	if err := <-saved; err != nil {
		fmt.Fprintln(opt.Stderr, esc.Text(fmt.Sprintf("kfc: warning: could not save the digest cache: %v", err)))
	}
	if b := r.bug.err(); b != nil {
		return nil, b
	}
	return res, nil
}

// inBackground runs f on its own goroutine; its error arrives on the
// channel (a panic is the run's bug report, and an error too).
func (r *run) inBackground(f func() error) <-chan error {
	done := make(chan error, 1)
	go func() {
		err := errors.New("kfc internal error")
		defer func() { done <- err }()
		defer recoverTo(r.bug)
		err = f()
	}()
	return done
}

// abs is a project-relative path made absolute.
func (r *run) abs(parts ...string) string {
	return abs(r.root, filepath.Join(parts...))
}

func (r *run) prepareRunDir() error {
	if err := r.markUnfinished(); err != nil {
		return err
	}
	if err := os.MkdirAll(r.abs(r.runDir, "logs"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(r.abs(r.runDir, runningMarker), fmt.Appendf(nil, "%d\n", os.Getpid()), 0o644); err != nil {
		return err
	}
	if r.opt.WritePlan != nil {
		return r.opt.WritePlan(r.abs(r.runDir, "plan.json"))
	}
	b := r.opt.PlanJSON
	if b == nil {
		var err error
		if b, err = plan.Encode(r.p); err != nil {
			return err
		}
	}
	return os.WriteFile(r.abs(r.runDir, "plan.json"), b, 0o644)
}

// schedule runs every node and returns their results.
func (r *run) schedule() []NodeResult {
	n := len(r.p.Nodes)
	names := make([]string, n)
	deps := make([][]int, n)
	for i, node := range r.p.Nodes {
		names[i] = node.Name
		for _, d := range node.DependsOn {
			if j, ok := r.index[d]; ok {
				deps[i] = append(deps[i], j)
			}
		}
	}
	r.results = make([]NodeResult, n)
	s := &schedule{
		names: names, deps: deps, jobs: r.opt.Jobs, failFast: r.opt.FailFast,
		// -j 1 stays one node after the other, in plan order, lines too.
		ahead: r.opt.Jobs > 1,
		run: func(i int) (res NodeResult) {
			res = NodeResult{Status: Failed, Reason: "kfc internal error"} // kept if runNode panics
			defer recoverTo(r.bug)
			return r.runNode(i)
		},
		stop: func() string {
			if s := r.stopped(); s != 0 {
				return "run interrupted (" + signalName(s) + ")"
			}
			if r.bug.err() != nil {
				return "kfc internal error"
			}
			return ""
		},
		wake:     r.wake,
		finished: func(i int, res NodeResult) { r.nodeFinished(i, res) },
	}
	r.sched = s
	return s.loop()
}
