package engine

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/kfc-dev/kfc/internal/esc"
	"github.com/kfc-dev/kfc/runtime/manifest"
)

// runningMarker is in a run's folder while the run goes on: a later run
// that finds it (holding the project lock, so that run is over) knows kfc
// was killed, without reading every old manifest.
const runningMarker = ".running"

// unfinishedDir holds an empty file per run whose folder may hold what a
// later run cleans up (the running marker, the index of what it staged,
// failed nodes' outputs, credential files): made before the run's folder, removed once the run ended
// leaving none of them. A run looks only at these, not at every folder
// of .kfc/runs, which grows by one a run (a no-op run too).
const unfinishedDir = ".kfc/unfinished"

// markUnfinished registers this run in unfinishedDir, before its folder
// holds anything to clean.
func (r *run) markUnfinished() error {
	if err := os.MkdirAll(r.unfinished(""), 0o755); err != nil {
		return err
	}
	return os.WriteFile(r.unfinished(r.id), nil, 0o644)
}

// unfinished is the path of run id's entry ("": the folder).
func (r *run) unfinished(id string) string {
	return r.abs(filepath.FromSlash(unfinishedDir), id)
}

// markFinished drops this run's entry when its folder holds nothing to
// clean (a failed node's outputs are kept for inspection until the next
// run).
func (r *run) markFinished() { r.dropUnfinished(r.id) }

// dropUnfinished removes run id's entry unless its folder still holds
// something to clean.
func (r *run) dropUnfinished(id string) {
	if !leftovers(r.abs(filepathRunDir(), id)) {
		os.Remove(r.unfinished(id))
	}
}

// leftovers reports whether a run folder still holds the running marker,
// its index of staged paths, failed nodes' outputs, or (an older kfc's) a
// staging folder.
func leftovers(dir string) bool {
	for _, name := range []string{runningMarker, stagedIndex, failedDir, "staging"} {
		if _, err := os.Lstat(filepath.Join(dir, name)); !errors.Is(err, fs.ErrNotExist) {
			return true
		}
	}
	return false
}

// staleRuns are the ids of the runs cleanStale looks at: those in
// unfinishedDir, or, in a project where no kfc made it yet (its runs are
// from an older kfc), every run folder, once.
func (r *run) staleRuns() (ids []string, indexed bool) {
	ents, err := os.ReadDir(r.unfinished(""))
	indexed = err == nil
	if !indexed {
		ents, _ = os.ReadDir(r.abs(filepathRunDir()))
	}
	for _, e := range ents {
		if e.Name() != r.id && (indexed || e.IsDir()) {
			ids = append(ids, e.Name())
		}
	}
	return ids, indexed
}

// cleanStale removes what earlier runs staged and left. This run holds
// the project lock, so no other kfc exec uses it: it is what a failed
// run kept for inspection, or what a kfc killed with SIGKILL left behind
// (its folder still has the running marker; its manifest is marked KILLED,
// with a note).
func (r *run) cleanStale() {
	ids, indexed := r.staleRuns()
	for _, id := range ids {
		r.cleanRun(id, r.abs(filepathRunDir(), id))
		if indexed {
			r.dropUnfinished(id)
		}
	}
	if !indexed {
		os.MkdirAll(r.unfinished(""), 0o755) // from now on runs register there
	}
}

// cleanRun cleans one earlier run's folder. A killed run's leftover
// processes are stopped first: they may still be writing to its staged
// paths.
func (r *run) cleanRun(id, dir string) {
	_, errMarker := os.Stat(filepath.Join(dir, runningMarker))
	killed := errMarker == nil
	stopped := 0
	if killed {
		stopped = killLeftovers(id)
	}
	staging := filepath.Join(dir, "staging") // an older kfc's layout
	_, errStaging := os.Stat(staging)
	if errStaging == nil {
		os.RemoveAll(staging)
	}
	hadStaged := removeStaged(r.root, dir)
	os.RemoveAll(filepath.Join(dir, failedDir))
	if _, err := os.Stat(filepath.Join(dir, "secrets")); err == nil {
		os.RemoveAll(filepath.Join(dir, "secrets"))
	}
	if !killed {
		return
	}
	note := "marked it KILLED"
	mpath := filepath.Join(dir, "manifest.json")
	if _, err := os.Stat(mpath); errors.Is(err, fs.ErrNotExist) {
		note = "it has no manifest (a run replayed from the up-to-date stamp writes one at its end)"
	} else if m, err := manifest.Read(mpath); err == nil && m.Status == StatusRunning {
		m.Status = StatusKilled
		if manifest.Write(mpath, m) != nil {
			note = "could not mark it KILLED"
		}
	}
	if hadStaged || errStaging == nil {
		note = "removed its staged outputs and " + note
	}
	if stopped > 0 {
		note = fmt.Sprintf("stopped %d process(es) its nodes left running, %s", stopped, note)
	}
	os.Remove(filepath.Join(dir, runningMarker))
	fmt.Fprintln(r.opt.Stderr, esc.Text(fmt.Sprintf("kfc: note: run %s did not finish (kfc was killed): %s", id, note)))
}

func filepathRunDir() string { return filepath.FromSlash(".kfc/runs") }
