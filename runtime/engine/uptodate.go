package engine

import (
	"errors"
	"os"

	"github.com/kfc-dev/kfc/runtime/digest"
	"github.com/kfc-dev/kfc/runtime/lockfile"
)

// sum is the digest of a project file for a decision. With
// Options.UpToDate the caller has established that no file changed since
// a run in which every node was up to date, so kfc.lock's records are the
// files' digests: they are taken from there instead of one stat a file
// through the digest cache (a path the lock does not record still goes
// through the cache).
func (r *run) sum(path string) (digest.Digest, error) {
	if r.opt.UpToDate {
		r.recordedOnce.Do(r.indexRecorded)
		if d, ok := r.recorded[path]; ok {
			return d, nil
		}
	}
	return r.cache.Sum(path)
}

// recheckUpToDate asks the caller, now that no other kfc exec can run,
// whether what it checked still holds; if not, the run decides every
// node, with the whole plan when it was to replay.
func (r *run) recheckUpToDate() error {
	if r.opt.Replay != nil && !r.opt.UpToDate {
		return errors.New("engine: Options.Replay without UpToDate") // the caller's bug
	}
	if !r.opt.UpToDate || r.opt.StillUpToDate == nil || r.opt.StillUpToDate() {
		return nil
	}
	r.opt.UpToDate, r.opt.Lock = false, nil
	if r.opt.Replay != nil {
		r.opt.Replay = nil
		p, err := r.opt.FullPlan()
		if err != nil {
			return &InputError{err}
		}
		r.setPlan(p)
	}
	return nil
}

// exists reports whether a file is there: with Options.UpToDate a path
// kfc.lock records is (the caller's walk saw it unchanged), without a stat.
func (r *run) exists(path string) bool {
	if r.opt.UpToDate {
		r.recordedOnce.Do(r.indexRecorded)
		if _, ok := r.recorded[path]; ok {
			return true
		}
	}
	_, err := os.Stat(path)
	return err == nil
}

// indexRecorded maps every absolute path kfc.lock records to its digest.
func (r *run) indexRecorded() {
	r.recorded = map[string]digest.Digest{}
	for _, e := range r.lock.Nodes {
		for _, list := range [][]lockfile.Artifact{e.Inputs, e.Outputs} {
			for _, a := range list {
				if !a.External && a.Digest != "" {
					r.recorded[abs(r.root, a.Path)] = digest.Digest{Size: a.Size, Digest: a.Digest}
				}
			}
		}
	}
}
