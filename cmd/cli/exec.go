package cli

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"golang.org/x/term"

	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/plan"
	"github.com/kfc-dev/kfc/compiler/pyproject"
	"github.com/kfc-dev/kfc/compiler/tree"
	"github.com/kfc-dev/kfc/internal/mempolicy"
	"github.com/kfc-dev/kfc/lint"
	"github.com/kfc-dev/kfc/project"
	"github.com/kfc-dev/kfc/runtime/engine"
	"github.com/kfc-dev/kfc/runtime/manifest"
	"github.com/kfc-dev/kfc/runtime/projlock"
	"github.com/kfc-dev/kfc/runtime/tracking"
	"github.com/kfc-dev/kfc/schema"
)

// ExecCmd is `kfc exec`: build (or read) a plan and run it (docs/exec.md).
type ExecCmd struct {
	ProjectFlags
	SelectFlags
	EntryPointFlags
	Target             string        `arg:"" optional:"" name:"project-or-plan" help:"Project directory (default: found from the working directory), or a plan file (.json) written by kfc build."`
	Dir                string        `short:"C" placeholder:"DIR" help:"The project directory; with a plan file, the project root to run it in (default: found from the working directory)."`
	Jobs               int           `short:"j" placeholder:"N" help:"Node processes at once (default: the number of CPUs)."`
	Force              bool          `help:"Run every node, even those kfc.lock says are up to date."`
	Explain            bool          `help:"Print, for every node, why it runs or is skipped."`
	DryRun             bool          `name:"dry-run" help:"Print what would run and why; run nothing."`
	OnlyMissingOutputs bool          `name:"only-missing-outputs" help:"Kedro's rule instead of kfc.lock: skip nodes whose persisted outputs exist and that no running node needs."`
	FailFast           bool          `name:"fail-fast" help:"Start no new node after the first failure."`
	Grace              time.Duration `default:"10s" help:"After SIGINT/SIGTERM, how long nodes get to stop before SIGKILL."`
	NoWait             bool          `name:"no-wait" help:"Fail at once if another kfc exec runs in the project, instead of waiting."`
	NoTracking         bool          `name:"no-tracking" help:"Do not record the run in MLflow tracking."`
	TrackingOptional   bool          `name:"tracking-optional" help:"Run even when the tracking store cannot be reached."`
	NodeRuns           bool          `name:"node-runs" help:"Record each node that runs as an MLflow child run of the kfc run (default: [tool.kfc] tracking.node_runs, else off)."`
}

func (c *ExecCmd) Run(e *env) error {
	if c.Force && c.OnlyMissingOutputs {
		return usageErr("--force and --only-missing-outputs exclude each other")
	}
	fast := c.openUpToDate(e) // the up-to-date stamp (execstamp.go)
	early := fast.earlyStore()
	defer early.discard() // unless the run's tracker took it
	p, planJSON, root, proj := fast.plan(e)
	var err error
	if p == nil {
		if p, root, proj, planJSON, err = c.plan(fast.recording(e)); err != nil {
			return err
		}
		// kfc exec is long-running: the collector main turns off for the
		// short static commands is needed once nodes run, not while the
		// plan is built, which is a static command's work (five
		// collections in the first 80 ms of a 1,000-node run). Its first
		// collection comes once the memory in use has doubled, among the
		// nodes, not at once before the first (mempolicy.Proportional). A
		// run from the stamp runs no node: it is as short as they are.
		mempolicy.Proportional()
	}
	var git *manifest.GitReading
	if !c.DryRun { // read beside what follows: the manifest and the tracking tags both take it
		git = manifest.StartGit(root)
	}
	if p.Hash == "" { // built here, not read from a checked plan file
		if planJSON, err = encodeChecked(p); err != nil { // also sets the plan hash, which tracking tags the run with
			return err
		}
	}
	var sigs chan os.Signal
	if !c.DryRun { // a dry run starts no process: Ctrl-C just ends kfc
		sigs = make(chan os.Signal, 4)
		signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
		defer signal.Stop(sigs)
	}
	commandLine := append([]string{"kfc"}, os.Args[1:]...)
	var tracker *execTracker
	if !c.DryRun {
		if proj == nil { // a plan file: mlflow.yml and credentials still say how to track
			proj = loadQuietly(e, root, p.Env)
		}
		nodeRuns := c.NodeRuns || runSettings(root, proj).NodeRuns // vet reports bad settings
		tracker = newExecTracker(e, p, root, proj, c.NoTracking, c.TrackingOptional, nodeRuns, commandLine, early, git)
		defer tracker.close()
	}
	secrets := credentials(proj) // after loading the project a plan file runs in: the plan holds none
	opt := engine.Options{
		Root: root, Jobs: c.Jobs, Force: c.Force, Explain: c.Explain, DryRun: c.DryRun,
		OnlyMissingOutputs: c.OnlyMissingOutputs, FailFast: c.FailFast, NoWait: c.NoWait, Grace: c.Grace,
		Stdout: e.stdout, Stderr: e.stderr, TTY: c.tty(e),
		CommandLine: commandLine, KfcVersion: Version, Getenv: e.getenv,
		Secrets: secrets, Signals: sigs, PlanJSON: planJSON, Git: git,
	}
	if tracker != nil {
		opt.Tracker = tracker
	}
	if fast.matched() {
		opt.UpToDate, opt.Lock, opt.StillUpToDate = true, fast.lock(), fast.stillUpToDate
		opt.Replay, opt.FullPlan, opt.WritePlan = fast.replay(), fast.fullPlan, fast.writePlan
	}
	opt.RecordReplay = fast.wantsReplay(p)
	res, err := engine.Run(context.Background(), p, opt)
	fast.finish(res, err, p, planJSON, tracker.uri())
	var bug *engine.BugError
	var busy *projlock.BusyError
	var bad *engine.InputError
	var trk *engine.TrackingError
	if err != nil && !errors.As(err, &trk) {
		status := tracking.StatusFailed
		if errors.Is(err, engine.ErrInterrupted) {
			status = tracking.StatusKilled
		}
		tracker.abort(status)
	}
	switch {
	case errors.As(err, &trk):
		return &exitError{code: ExitFindings, msg: trk.Error()}
	case errors.As(err, &bad):
		return &exitError{code: ExitUsage, msg: bad.Error()}
	case errors.As(err, &bug):
		return &exitError{code: ExitInternal, msg: bug.Error()}
	case errors.As(err, &busy):
		return &exitError{code: ExitFindings, msg: busy.Error() + " (without --no-wait, kfc exec waits for it)"}
	case errors.Is(err, engine.ErrInterrupted):
		return &exitError{code: 130, msg: err.Error()}
	case err != nil:
		return &exitError{code: ExitFindings, msg: err.Error()}
	}
	if res.ExitCode != 0 {
		return &exitError{code: res.ExitCode}
	}
	return nil
}

// plan builds the project's plan (refusing on vet errors as kfc build
// does), or reads a plan file, checking it against #Plan and its hashes;
// for a plan file it returns the file's bytes too (the run's plan.json).
func (c *ExecCmd) plan(e *env) (*plan.Plan, string, *config.Project, []byte, error) {
	if strings.HasSuffix(c.Target, ".json") {
		st, err := os.Stat(c.Target)
		if err != nil {
			return nil, "", nil, nil, usageErr("%s: no such plan file", c.Target)
		}
		if !st.IsDir() {
			if c.selects() {
				return nil, "", nil, nil, usageErr("selectors, --env, --params and --entry-point apply when building; a plan file runs as it was built")
			}
			root := c.Dir
			if root == "" {
				root = findProjectRoot(e.cwd)
			}
			p, b, err := readPlanRemembered(c.Target, root)
			if err != nil {
				return nil, "", nil, nil, err
			}
			return p, root, nil, b, nil
		}
	}
	if c.Dir != "" && c.Target != "" {
		return nil, "", nil, nil, usageErr("give the project once: -C %s or %s", c.Dir, c.Target)
	}
	dir := c.Target
	if dir == "" {
		dir = c.Dir // -C names the project, as for a plan file
	}
	if dir == "" {
		dir = findProjectRoot(e.cwd)
	}
	var p *plan.Plan
	var proj *project.Project
	var err error
	schema.WarmPlanCheck() // encodeChecked's, in Run
	if c.EntryPoint != "" {
		p, proj, err = buildEntryPointPlan(e, dir, c.ProjectFlags, c.EntryPointFlags)
	} else {
		p, proj, err = buildPlan(e, dir, c.ProjectFlags, c.SelectFlags)
	}
	if err != nil {
		return nil, "", nil, nil, err
	}
	return p, dir, proj.Config, nil, nil
}

// runSettings are the project's settings values, from the pyproject.toml
// its load parsed (read again only when it could not be loaded).
func runSettings(root string, proj *config.Project) *lint.Settings {
	if proj != nil {
		return lint.ReadSettings(proj.Root, proj.Pyproject)
	}
	pp, _ := pyproject.Read(root)
	return lint.ReadSettings(root, pp)
}

// loadQuietly loads the project's configuration for what a run needs
// beyond its plan (mlflow.yml, credentials: only those keys, with the
// globals they may use), without vetting it again; nil when it cannot be
// loaded (a bare MLflow project has no conf/).
func loadQuietly(e *env, root, envName string) *config.Project {
	proj, err := project.Load(project.Options{Root: root, Env: envName, Getenv: e.getenv, Scripts: true,
		Keys: []string{"mlflow", "credentials"}})
	if err != nil {
		return nil
	}
	return proj.Config
}

func (c *ExecCmd) selects() bool {
	s := c.SelectFlags
	return c.Env != "" || c.Params != "" || c.EntryPoint != "" || len(c.Param) > 0 || s.pipeline() != "__default__" ||
		len(s.Nodes)+len(s.FromNodes)+len(s.ToNodes)+len(s.FromInputs)+len(s.ToOutputs)+len(s.Tags)+len(s.Namespaces)+len(s.LoadVersions) > 0
}

// credentials are credentials.yml's entries as flat string maps (nested
// keys joined with dots), handed to the nodes whose datasets name them.
func credentials(proj *config.Project) map[string]map[string]string {
	if proj == nil {
		return nil
	}
	n := proj.Get("credentials")
	if n == nil || n.Kind != tree.Map {
		return nil
	}
	out := map[string]map[string]string{}
	for _, p := range n.Pairs {
		vals := map[string]string{}
		flatten(p.Value, "", vals)
		out[p.Key] = vals
	}
	return out
}

func flatten(n *tree.Node, prefix string, out map[string]string) {
	switch {
	case n == nil:
	case n.Kind == tree.Map:
		for _, p := range n.Pairs {
			k := p.Key
			if prefix != "" {
				k = prefix + "." + k
			}
			flatten(p.Value, k, out)
		}
	case n.IsScalar():
		if prefix == "" {
			prefix = "value"
		}
		out[prefix] = n.Str()
	}
}

// tty says whether the run shows the live progress view: on a terminal,
// outside CI.
func (c *ExecCmd) tty(e *env) bool {
	ci, _ := e.getenv("CI")
	return isTerminal(e.stderr) && !strings.EqualFold(ci, "true") && ci != "1"
}

func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
