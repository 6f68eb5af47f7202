package lockfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync/atomic"

	"github.com/kfc-dev/kfc/runtime/internal/atomicfile"
	"github.com/kfc-dev/kfc/runtime/internal/flock"
)

// rereads counts the rewrites that read both files back (the tests').
var rereads atomic.Int64

// smallLock: below this size kfc.lock is rewritten on every Write.
const smallLock = 16 << 10

// Write persists the entries Set or Deleted since the last Write, under an
// flock on .kfc/kfc.lock.lk, so writers in parallel never drop each
// other's entries.
//
// Rewriting all of kfc.lock after each node would cost O(nodes²) for a
// run (65 ms a write at 1,000 entries), so Write appends the entries to
// .kfc/kfc.lock.journal (one JSON line each) and rewrites kfc.lock from
// kfc.lock + journal (canonical JSON, temp file, fsync, rename; then the
// journal is emptied) only when that is cheap: while kfc.lock is small,
// and whenever the journal has grown as large as kfc.lock (so the rewrites
// of a run cost O(final size) in all). Read replays the journal, so what
// kfc sees is always complete; Flush rewrites kfc.lock at once, for the
// end of a run. The journal is not fsynced: a crash can only lose its last
// records, which makes those nodes run again, never skip wrongly.
func (l *Lock) Write(root string) error { return l.write(root, false) }

// Flush is Write, then a rewrite of kfc.lock with every journaled entry,
// so the file a user commits is complete. It closes Append's files.
func (l *Lock) Flush(root string) error {
	err := l.write(root, true)
	l.mu.Lock()
	l.closeAppend()
	l.mu.Unlock()
	return err
}

// Append is Write without any rewrite of kfc.lock: the entries only go to
// the journal, which the run's Flush folds into kfc.lock. It is what kfc
// exec calls after each node. Its files (the writer lock and the journal)
// stay open until Flush, so an Append is an flock, one write and an
// unlock: the rewrites Write does while kfc.lock is small cost a read, a
// parse, an encode and an fsync each, and were a sixth of kfc's own CPU
// in a 1,000-node run from scratch (docs/bench.md). The journal is
// emptied in place (truncated, never removed) by whoever compacts it, so
// an open journal always stays the one Read replays.
func (l *Lock) Append(root string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.dirty) == 0 {
		return nil
	}
	if l.journal == nil {
		if err := l.openAppend(root); err != nil {
			return err
		}
	}
	b, err := l.encodeDirty()
	if err != nil {
		return err
	}
	if err := flock.Lock(l.lk); err != nil {
		return fmt.Errorf("locking %s: %w", writerLock, err)
	}
	n, err := l.journal.Write(b)
	l.seen.appended(n, err)
	flock.Unlock(l.lk)
	if err != nil {
		return fmt.Errorf("writing %s: %w", JournalFile, err)
	}
	l.dirty = nil
	return nil
}

func (l *Lock) openAppend(root string) error {
	if err := os.MkdirAll(filepath.Join(root, ".kfc"), 0o755); err != nil {
		return err
	}
	lk, err := os.OpenFile(filepath.Join(root, writerLock), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	j, err := os.OpenFile(filepath.Join(root, JournalFile), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		lk.Close()
		return err
	}
	l.lk, l.journal = lk, j
	return nil
}

func (l *Lock) closeAppend() {
	if l.journal != nil {
		l.journal.Close()
		l.lk.Close()
		l.lk, l.journal = nil, nil
	}
}

func (l *Lock) write(root string, flush bool) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := os.MkdirAll(filepath.Join(root, ".kfc"), 0o755); err != nil {
		return err
	}
	unlock, err := atomicfile.Lock(filepath.Join(root, writerLock))
	if err != nil {
		return err
	}
	defer unlock()
	lockPath, journalPath := filepath.Join(root, FileName), filepath.Join(root, JournalFile)
	var lockSize int64
	if st, err := os.Stat(lockPath); err == nil {
		lockSize = st.Size()
	}
	journalSize, err := l.appendDirty(journalPath)
	if err != nil {
		return fmt.Errorf("writing %s: %w", JournalFile, err)
	}
	if journalSize == 0 || !(flush || lockSize < smallLock || journalSize >= lockSize) {
		return nil
	}
	full := l // nobody else wrote since l read or wrote both files
	if !l.seen.holds(lockPath, journalPath) {
		rereads.Add(1)
		if full, err = readUnlocked(root); err != nil { // a malformed kfc.lock is reported, never overwritten
			return fmt.Errorf("not overwriting it: %w", err)
		}
	}
	b, err := full.Encode()
	if err != nil {
		return err
	}
	l.seen.valid = false             // until both files are as l has them again
	atomicfile.RemoveStale(lockPath) // of a kfc killed mid-rewrite
	if err := atomicfile.Write(lockPath, b, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", FileName, err)
	}
	// After the rename: a crash in between replays entries kfc.lock already
	// has, which changes nothing. Emptied in place, not removed: a Lock
	// that Appends holds it open (see Append).
	if err := os.Truncate(journalPath, 0); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	l.SchemaVersion, l.Nodes = SchemaVersion, full.Nodes
	if st, err := statLock(lockPath); err == nil && st != nil {
		l.seen = mirror{valid: true, lock: st}
	}
	return nil
}

// encodeDirty returns the journal lines of the dirty entries, sorted by id.
func (l *Lock) encodeDirty() ([]byte, error) {
	ids := make([]string, 0, len(l.dirty))
	for id := range l.dirty {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var b []byte
	for _, id := range ids {
		var err error
		if b, err = appendJournalLine(b, id, l.Nodes[id]); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// appendDirty appends the dirty entries, sorted by id, to the journal and
// returns its size afterwards.
func (l *Lock) appendDirty(path string) (int64, error) {
	if len(l.dirty) == 0 {
		st, err := os.Stat(path)
		if errors.Is(err, fs.ErrNotExist) {
			return 0, nil
		}
		if err != nil {
			return 0, err
		}
		return st.Size(), nil
	}
	b, err := l.encodeDirty()
	if err != nil {
		return 0, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	n, err := f.Write(b)
	l.seen.appended(n, err)
	if err != nil {
		return 0, err
	}
	l.dirty = nil
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return st.Size(), nil
}
