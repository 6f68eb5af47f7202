package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/plan"
	"github.com/kfc-dev/kfc/runtime/engine"
	"github.com/kfc-dev/kfc/runtime/lockfile"
	"github.com/kfc-dev/kfc/runtime/stamp"
	"github.com/kfc-dev/kfc/runtime/tracking/where"
)

// upToDate is kfc exec's fast path for a run in which nothing changed
// since the last one, in which every node was up to date (docs/exec.md
// "The up-to-date stamp"): the stamp's key covers the project tree, the
// command line, the variables the build read, kfc and kfc.lock; when it
// matches, the plan is the one the stamp keeps and the run skips vet,
// build (or a plan file's check) and the per-file digests, and does the
// rest as any run: the same output, manifest and tracked run.
type upToDate struct {
	root, id, args string
	planFile       string // the plan file run; "" for a project
	params         string // --params
	old            *stamp.Stamp
	exclude        []string
	tree           stamp.Tree // the walk before anything was read
	hit            bool
	extra          []string // exclusions beyond stamp.DefaultExclude the walk used, sorted
	lookup         func(string) (string, bool)
	env            *envRecorder // what the build read, when it ran
	printed        *countingWriter
	debug          io.Writer // KFC_DEBUG_STAMP set: why the stamp is used or not
	lockID         string    // kfc.lock's and its journal's identity before the walk
	tty            bool      // the run shows the live view, which a replay does not draw
	rep            *replayRecord
	early          chan *replayRecord // the replay record, read during the walk (readEarly)
	planPath       string             // where a match reads the plan's bytes (stamp.PlanSource)
	planKey        string
	planJSON       []byte        // the plan's bytes, read when needed (planBytes)
	full           *plan.Plan    // the whole plan, decoded from a match when needed
	store          *pendingStore // the stamp's SQLite tracking store, opened during the walk
}

// DebugStampEnv, when set, makes kfc exec say on stderr whether it took
// the fast path and why (or why not), and whether it recorded a stamp.
const DebugStampEnv = "KFC_DEBUG_STAMP"

func (u *upToDate) say(format string, args ...any) {
	if u.debug != nil {
		fmt.Fprintf(u.debug, "kfc: debug: stamp: "+format+"\n", args...)
	}
}

// openUpToDate walks the project before anything else reads it; nil when
// the run takes the normal path without recording (flags that print or
// decide otherwise, a tree that cannot be walked).
func (c *ExecCmd) openUpToDate(e *env) *upToDate {
	if c.Force || c.Explain || c.DryRun || c.OnlyMissingOutputs {
		return nil
	}
	u := &upToDate{args: fmt.Sprintf("%#v\n%s", *c, e.cwd), lookup: e.getenv, params: c.Params, tty: c.tty(e)}
	if v, ok := e.getenv(DebugStampEnv); ok && v != "" {
		u.debug = e.stderr
	}
	switch {
	case strings.HasSuffix(c.Target, ".json"):
		u.planFile, u.root = c.Target, c.Dir
	case c.Dir != "" && c.Target != "":
		return nil // refused by c.plan
	default:
		u.root = c.Target
		if u.root == "" {
			u.root = c.Dir
		}
	}
	if u.root == "" {
		u.root = findProjectRoot(e.cwd)
	}
	u.id = stamp.ID(u.args)
	u.old = stamp.Load(u.root, u.id)
	if u.old == nil && !lockfile.Exists(u.root) {
		// Every node runs, so the run records no stamp (notRecordable):
		// the walk and the notes the build would take are for nothing.
		u.say("not used: no %s yet, every node runs", lockfile.FileName)
		return nil
	}
	if u.old != nil {
		u.extra = u.old.Exclude
		if abs, err := filepath.Abs(u.root); err == nil {
			u.store = openEarly(u.old.Store, abs)
		}
	}
	u.exclude = append(slices.Clip(stamp.DefaultExclude), u.extra...)
	u.lockID = stamp.LockIdentity(u.root) // before the walk: see stillUpToDate
	u.readEarly()
	t, err := stamp.Walk(u.root, u.exclude, stamp.Now())
	if err != nil {
		u.say("not used: %v", err)
		return nil
	}
	u.tree = t
	return u
}

// plan is, when the stamp's key matches, its plan (with its bytes, the
// project root and, from a project, the configuration a run needs beyond
// the plan); else nil, and the caller builds with u.recording(e), which
// notes what the build reads.
func (u *upToDate) plan(e *env) (*plan.Plan, []byte, string, *config.Project) {
	p, b := u.match(e)
	if p == nil {
		return nil, nil, "", nil
	}
	var proj *config.Project
	if u.planFile == "" {
		proj = u.project(e, p.Env)
	}
	return p, b, u.root, proj
}

func (u *upToDate) matched() bool { return u != nil && u.hit }

// earlyStore is the tracking store opened during the walk, for the run's
// tracker to take or the caller to discard; nil when none.
func (u *upToDate) earlyStore() *pendingStore {
	if u == nil {
		return nil
	}
	return u.store
}

// stillUpToDate is asked by the engine once the run holds the project
// lock: the walk was done before, while another kfc exec may have been
// running nodes. Any node it ran changed kfc.lock's journal, so a
// changed identity sends the run to the normal decisions.
func (u *upToDate) stillUpToDate() bool {
	if stamp.LockIdentity(u.root) == u.lockID {
		return true
	}
	u.say("not used: another kfc exec ran nodes meanwhile")
	return false
}

// lock is the stamp's kfc.lock when the run is from the stamp (nil: the
// engine reads kfc.lock).
func (u *upToDate) lock() *lockfile.Lock {
	if !u.matched() || u.rep != nil {
		return nil
	}
	return stamp.LoadLock(u.root, u.id, u.old)
}

// replay is what the engine writes again instead of deciding; nil for
// the normal decisions.
func (u *upToDate) replay() *engine.Replay {
	if !u.matched() || u.rep == nil {
		return nil
	}
	return &u.rep.Run
}

// fullPlan is the stamp's plan when a match took the replay's slim one
// and the whole plan is needed after all.
func (u *upToDate) fullPlan() (*plan.Plan, error) {
	if u.full != nil {
		return u.full, nil
	}
	p := stamp.LoadPlan(u.root, u.id, u.old)
	if p == nil {
		var err error
		b := u.planBytes()
		if b == nil {
			return nil, errors.New("the stamp's plan changed while kfc exec ran")
		}
		if p, err = plan.Decode(b); err != nil {
			return nil, err
		}
	}
	u.full = p
	return p, nil
}

// planBytes are the plan's bytes, checked against the stamp; nil when
// they no longer match it.
func (u *upToDate) planBytes() []byte {
	if u.planJSON == nil {
		u.planJSON = u.old.ReadChecked(u.planPath, u.planKey, u.old.Plan)
	}
	return u.planJSON
}

// writePlan writes a run's plan.json from the stamp: a link to kfc's own
// copy of the plan when that is trusted by its identity (a plan file's
// copy too: the user's file is never linked, it may be rewritten in place),
// else checked bytes. For a plan file those are the copy's, when it
// matches, so that reading it once verifies it and the next run links it.
func (u *upToDate) writePlan(dst string) error {
	path, key := stamp.PlanSource(u.root, u.id, "")
	if u.old.LinkTrusted(path, key, u.old.Plan, dst) {
		return nil
	}
	var b []byte
	if u.planFile != "" {
		b = u.old.ReadChecked(path, key, u.old.Plan)
	}
	if b == nil {
		b = u.planBytes()
	}
	if b == nil {
		return errors.New("the stamp's plan changed while kfc exec ran")
	}
	return os.WriteFile(dst, b, 0o644)
}

// wantsReplay says whether the engine should return what a run from the
// stamp would write again: when this run may record a stamp that does
// not have a usable one.
func (u *upToDate) wantsReplay(p *plan.Plan) bool {
	return u != nil && !u.tty && (!u.hit || u.rep == nil) && replayable(p)
}

// readEarly reads and decodes the stamp's replay record while the
// project is walked: it is kfc's own file under .kfc/cache, which the
// walk skips, and a match needs it (~1.5 ms for 1,000 nodes). Whether it
// is used is decided after the walk, by the key.
func (u *upToDate) readEarly() {
	if u.old == nil || u.old.Replay == "" || u.tty {
		return
	}
	u.early = make(chan *replayRecord, 1)
	go func() { u.early <- u.loadReplay() }()
}

// earlyReplay waits for readEarly's record (nil when there is none); from
// then on only this goroutine touches the stamp.
func (u *upToDate) earlyReplay() *replayRecord {
	if u.early == nil {
		return nil
	}
	r := <-u.early
	u.early = nil
	return r
}

func (u *upToDate) match(e *env) (*plan.Plan, []byte) {
	if u == nil {
		return nil, nil
	}
	early := u.earlyReplay()
	switch {
	case u.old == nil || u.old.Key == "":
		u.say("none")
		return nil, nil
	}
	// A different key is a change whatever the walk doubted; a doubt only
	// matters when the keys agree (the tree may have changed unseen).
	key, ok := stamp.Key(u.inputs(u.old.Env, e.getenv))
	if !ok || key != u.old.Key {
		u.say("not used: something changed")
		return nil, nil
	}
	if u.tree.Doubt != "" {
		u.say("not used: %s", u.tree.Doubt)
		return nil, nil
	}
	u.planPath, u.planKey = stamp.PlanSource(u.root, u.id, u.planFile)
	if !u.old.Trusted(u.planPath, u.planKey, u.old.Plan) && u.planBytes() == nil {
		if u.planFile != "" {
			u.say("not used: the plan file changed")
		} else {
			u.say("not used: its plan copy is missing or changed")
		}
		return nil, nil
	}
	b := u.planJSON // nil when trusted by its identity: writePlan links or copies the file
	u.rep = early   // nil on a terminal: readEarly reads none
	var p *plan.Plan
	if u.rep != nil {
		p = u.rep.Plan
	} else if full, err := u.fullPlan(); err == nil {
		p = full
	}
	if p == nil || p.Hash == "" {
		u.say("not used: its plan does not decode")
		return nil, nil
	}
	if u.rep != nil {
		u.say("up to date, replayed")
	} else {
		u.say("up to date")
	}
	u.hit = true
	return p, b
}

func (u *upToDate) inputs(names []string, getenv func(string) (string, bool)) stamp.Inputs {
	return stamp.Inputs{Version: Version, Args: u.args, Env: names, Getenv: getenv, Tree: u.tree.Digest, Root: u.root}
}

// recording is e with the variables the build reads and whether it
// printed anything noted.
func (u *upToDate) recording(e *env) *env {
	if u == nil {
		return e
	}
	u.env = &envRecorder{getenv: e.getenv, names: map[string]bool{}}
	u.printed = &countingWriter{}
	r := *e
	r.getenv = u.env.get
	r.stdout, r.stderr = io.MultiWriter(e.stdout, u.printed), io.MultiWriter(e.stderr, u.printed)
	return &r
}

// project is what the normal path's build gives a run beyond the plan
// (mlflow.yml and credentials for tracking and the nodes), loaded as for
// a plan file but with the command line's --params.
func (u *upToDate) project(e *env, envName string) *config.Project {
	var diags diag.List
	proj, err := config.Load(config.LoadOptions{Root: u.root, Env: envName, Params: u.params, Getenv: e.getenv, Scripts: true,
		Keys: []string{"mlflow", "credentials"}}, &diags)
	if err != nil {
		return nil
	}
	return proj
}

// finish records the stamp after a run in which every node was up to
// date, and removes it after any other run. trackingURI is the store the run was tracked in
// (its files change on every run, so they are not walked).
func (u *upToDate) finish(res *engine.Result, err error, p *plan.Plan, planJSON []byte, trackingURI string) {
	if u == nil {
		return
	}
	if why := u.notRecordable(res, err); why != "" {
		u.drop(why)
		return
	}
	s := &stamp.Stamp{Exclude: uniq(append(slices.Clone(u.extra), u.trackingPaths(trackingURI)...))}
	if strings.HasPrefix(trackingURI, "sqlite:///") {
		s.Store = trackingURI
	}
	if u.hit {
		s.Env, s.Plan = u.old.Env, u.old.Plan // match checked the plan's bytes against it
	} else {
		s.Plan = stamp.PlanDigest(planJSON)
		for n := range u.env.names {
			s.Env = append(s.Env, n)
		}
		s.Env = uniq(append(s.Env, "KFC_ENV", "KEDRO_ENV")) // they choose the environment even when unread
	}
	// The key holds the tree as walked before anything was read: a file
	// changed since (while this run read it, or after) makes the next
	// walk differ, so no walk is needed after the run.
	if slices.Equal(s.Exclude, u.extra) { // walked as the next run will: the key can be recorded
		switch {
		case u.tree.Doubt != "":
			u.drop(u.tree.Doubt)
			return
		case !u.artifactsWalked(res):
			u.drop("a dataset is outside the project or in a folder kfc does not watch")
			return
		}
		key, ok := stamp.Key(u.inputs(s.Env, u.lookup))
		if !ok {
			u.drop("the kfc binary cannot be identified")
			return
		}
		s.Key = key
	} // else: the tracking store joined the walk's exclusions; the next up-to-date run records the key
	if u.hit && u.old.Key == s.Key && u.old.Plan == s.Plan && u.old.Store == s.Store && slices.Equal(u.old.Exclude, s.Exclude) && (u.rep != nil || res.Replay == nil) {
		if u.old.NewlyVerified() {
			if err := stamp.SaveVerified(u.root, u.id, u.old); err != nil {
				u.say("not recorded: %v", err)
			}
		}
		return // unchanged
	}
	if u.rep != nil { // the engine had the slim plan
		var err error
		if p, err = u.fullPlan(); err != nil {
			u.drop("its plan does not decode")
			return
		}
	}
	if u.hit && planJSON == nil { // match trusted the file without reading it
		if planJSON = u.planBytes(); planJSON == nil {
			u.drop("its plan changed")
			return
		}
	}
	c := stamp.Copies{Plan: planJSON, GobPlan: stamp.GobPlan(p, planJSON), GobLock: stamp.GobLock(u.root)}
	switch {
	case res.Replay != nil:
		if slim := slimPlan(p); slim != nil {
			c.Replay = encodeReplay(&replayRecord{Plan: slim, PlanDigest: s.Plan, Run: *res.Replay})
		}
	case res.Replayed:
		c.Replay = encodeReplay(u.rep)
	}
	if err := stamp.Save(u.root, u.id, s, c); err != nil {
		u.say("not recorded: %v", err) // a cache: failing to write it costs only speed
		return
	}
	if s.Key == "" {
		u.say("tracking store excluded; the next up-to-date run records the stamp")
		return
	}
	u.say("recorded")
}

func (u *upToDate) drop(why string) {
	stamp.Remove(u.root, u.id)
	u.say("not recorded: %s", why)
}

// notRecordable says why a run cannot be stamped; "" when it can.
func (u *upToDate) notRecordable(res *engine.Result, err error) string {
	if err != nil || res == nil || res.ExitCode != 0 || res.Status != engine.StatusFinished {
		return "the run did not finish"
	}
	if !u.hit && (u.printed == nil || u.printed.n > 0) {
		return "building printed findings, which a run from the stamp would not"
	}
	for _, n := range res.Nodes {
		if n.Status != engine.Skipped || n.Reason != "up to date" {
			return "not every node was up to date"
		}
	}
	return ""
}

// artifactsWalked reports whether every file the run's nodes read or
// wrote is in the walked tree, so that the key covers it.
func (u *upToDate) artifactsWalked(res *engine.Result) bool {
	for _, n := range res.Nodes {
		for _, list := range [][]lockfile.Artifact{n.Inputs, n.Outputs} {
			for _, a := range list {
				if a.External || !filepath.IsLocal(filepath.FromSlash(a.Path)) || excluded(a.Path, u.exclude) {
					return false
				}
			}
		}
	}
	return true
}

// trackingPaths are the project-relative files of a local tracking store
// inside the project.
func (u *upToDate) trackingPaths(uri string) []string {
	p := where.LocalPath(uri)
	if p == "" {
		return nil
	}
	local := []string{p}
	if strings.HasPrefix(uri, "sqlite:///") {
		local = append(local, p+"-journal", p+"-wal", p+"-shm")
	}
	root, err := filepath.Abs(u.root)
	if err != nil {
		return nil
	}
	var out []string
	for _, p := range local {
		if rel, err := filepath.Rel(root, p); err == nil && filepath.IsLocal(rel) && !excluded(filepath.ToSlash(rel), stamp.DefaultExclude) {
			out = append(out, filepath.ToSlash(rel))
		}
	}
	return out
}

// uniq sorts a list and drops repeats.
func uniq(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}

func excluded(rel string, exclude []string) bool {
	for _, x := range exclude {
		if rel == x || strings.HasPrefix(rel, x+"/") {
			return true
		}
	}
	return false
}

// envRecorder notes every variable a build looks up.
type envRecorder struct {
	getenv func(string) (string, bool)
	mu     sync.Mutex
	names  map[string]bool
}

func (r *envRecorder) get(k string) (string, bool) {
	r.mu.Lock()
	r.names[k] = true
	r.mu.Unlock()
	return r.getenv(k)
}

type countingWriter struct{ n int }

func (w *countingWriter) Write(b []byte) (int, error) { w.n += len(b); return len(b), nil }
