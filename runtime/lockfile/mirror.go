package lockfile

import (
	"errors"
	"io/fs"
	"os"
	"unicode/utf8"
)

// mirror records that a Lock's entries are exactly kfc.lock plus its
// journal, as this Lock last read or wrote them, so that Flush, under
// the writers' flock, can tell nobody else wrote since and encode the
// entries it holds instead of reading both files back (parsing a
// 1,000-line journal was a third of the end of a 1,000-node run). Any
// other writer either appends to the journal (its size is then not the
// one expected) or rewrites kfc.lock (a rename: another file).
type mirror struct {
	valid   bool
	lock    fs.FileInfo // kfc.lock as read or written; nil: absent
	journal int64       // the journal's expected size: replayed, then appended
}

// statLock is kfc.lock's state, nil when it is absent.
func statLock(path string) (fs.FileInfo, error) {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return st, err
}

// appended counts n bytes this Lock added to the journal; a failed or
// partial append leaves nothing to trust.
func (m *mirror) appended(n int, err error) {
	if err != nil {
		m.valid = false
		return
	}
	m.journal += int64(n)
}

// holds reports whether kfc.lock and the journal at lockPath and
// journalPath are still what m says.
func (m *mirror) holds(lockPath, journalPath string) bool {
	if !m.valid {
		return false
	}
	st, err := statLock(lockPath)
	if err != nil || (st == nil) != (m.lock == nil) {
		return false
	}
	if st != nil && !(os.SameFile(st, m.lock) && st.Size() == m.lock.Size() && st.ModTime().Equal(m.lock.ModTime())) {
		return false
	}
	js, err := os.Stat(journalPath)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return m.journal == 0
	case err != nil:
		return false
	}
	return js.Size() == m.journal
}

// roundTrips reports whether a normalized entry reads back from its JSON
// as it is: the encoder writes invalid UTF-8 as U+FFFD, which reads back
// as U+FFFD, not as the bytes it replaced. (Parameter values are kept
// as JSON text either way.)
func roundTrips(id string, e *Entry) bool {
	ok := utf8.ValidString(id) && utf8.ValidString(e.Command) && utf8.ValidString(e.NodeHash)
	for _, as := range [][]Artifact{e.Inputs, e.Outputs} {
		for _, a := range as {
			ok = ok && utf8.ValidString(a.Name) && utf8.ValidString(a.Path) && utf8.ValidString(a.Digest) && utf8.ValidString(a.Version)
		}
	}
	for k := range e.Parameters {
		ok = ok && utf8.ValidString(k)
	}
	return ok
}
