package lockfile

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/kfc-dev/kfc/runtime/internal/atomicfile"
)

// Exists reports whether root has a kfc.lock or a journal of entries (an
// interrupted first run leaves only the journal): without either, Read is
// empty and no node can be up to date.
func Exists(root string) bool {
	for _, name := range []string{FileName, JournalFile} {
		if _, err := os.Lstat(filepath.Join(root, filepath.FromSlash(name))); !errors.Is(err, fs.ErrNotExist) {
			return true
		}
	}
	return false
}

// Read reads root's kfc.lock, then replays the journal of entries written
// since it was last rewritten. A missing file is an empty Lock; a
// malformed one is an error naming the file and the line:column of the
// fault.
func Read(root string) (*Lock, error) {
	// Under the writers' flock, so a rewrite cannot happen between reading
	// kfc.lock and reading the journal it empties. (Without .kfc/ there is
	// no writer, and a read-only project is read as it is.)
	if _, err := os.Stat(filepath.Join(root, ".kfc")); err == nil {
		if unlock, err := atomicfile.Lock(filepath.Join(root, writerLock)); err == nil {
			defer unlock()
		}
	}
	return readUnlocked(root)
}

// readUnlocked is Read for callers that hold the writers' flock.
func readUnlocked(root string) (*Lock, error) {
	// Its state is taken before it is read: a rewrite in between (by a
	// reader without the flock) then shows as a change, never hides one.
	st, err := statLock(filepath.Join(root, FileName))
	if err != nil {
		return nil, err
	}
	l, err := readLock(root)
	if err != nil {
		return nil, err
	}
	size, whole, err := replay(root, l)
	if err != nil {
		return nil, err
	}
	l.seen = mirror{valid: whole, lock: st, journal: size}
	return l, nil
}

func readLock(root string) (*Lock, error) {
	path := filepath.Join(root, FileName)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &Lock{SchemaVersion: SchemaVersion, Nodes: map[string]*Entry{}}, nil
	}
	if err != nil {
		return nil, err
	}
	return parse(path, b)
}

func parse(path string, b []byte) (*Lock, error) {
	var l Lock
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	err := dec.Decode(&l)
	if err == nil && dec.More() {
		err = fmt.Errorf("%s:%s: unexpected data after the lock object", path, lineCol(b, dec.InputOffset()))
	} else if err != nil {
		err = positioned(path, b, err)
	}
	// The version before any other fault, so a newer kfc's lock (with
	// fields this one does not know) is refused for what it is.
	if err != nil || l.SchemaVersion != SchemaVersion {
		var probe struct {
			SchemaVersion *string `json:"schema_version"`
		}
		if perr := json.Unmarshal(b, &probe); perr != nil {
			return nil, positioned(path, b, perr)
		}
		switch {
		case probe.SchemaVersion == nil:
			return nil, fmt.Errorf("%s: no schema_version: not a kfc lock file", path)
		case *probe.SchemaVersion != SchemaVersion:
			return nil, fmt.Errorf("%s: schema_version %q is not supported (this kfc reads and writes %q); delete the file to rerun everything", path, *probe.SchemaVersion, SchemaVersion)
		}
		return nil, err
	}
	if l.Nodes == nil {
		l.Nodes = map[string]*Entry{}
	}
	for id, e := range l.Nodes {
		if e == nil {
			return nil, fmt.Errorf("%s: node %q: entry is null", path, id)
		}
	}
	return &l, nil
}

// journalLine is one line of the journal; a null Entry deletes.
type journalLine struct {
	Entry *Entry `json:"entry"`
	ID    string `json:"id"`
}

// replay applies the journal's lines to l in order. It stops at the first
// line that does not parse: lines are appended whole by one writer at a
// time, so only a crash can leave a bad (last) line, and a record lost
// that way only makes its node run again. It returns the bytes of the
// lines it applied, and whether that was the whole journal.
func replay(root string, l *Lock) (size int64, whole bool, err error) {
	f, err := os.Open(filepath.Join(root, JournalFile))
	if errors.Is(err, fs.ErrNotExist) {
		return 0, true, nil
	}
	if err != nil {
		return 0, false, err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<16)
	for {
		line, err := r.ReadBytes('\n')
		if err == io.EOF {
			return size, len(line) == 0, nil // an unterminated last line is a torn write
		}
		if err != nil {
			return 0, false, err
		}
		var jl journalLine
		if json.Unmarshal(line, &jl) != nil || jl.ID == "" {
			return size, false, nil
		}
		size += int64(len(line))
		if jl.Entry == nil {
			delete(l.Nodes, jl.ID)
		} else {
			l.Nodes[jl.ID] = jl.Entry
		}
	}
}

// positioned turns an encoding/json error into "file:line:col: message".
func positioned(path string, b []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Errorf("%s:%s: %v", path, lineCol(b, syn.Offset-1), err)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "value"
		}
		return fmt.Errorf("%s:%s: %s: expected %s, got JSON %s", path, lineCol(b, typ.Offset-1), field, typ.Type, typ.Value)
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%s: empty or truncated file", path)
	}
	return fmt.Errorf("%s: %v", path, err)
}

// lineCol gives the 1-based line and column of byte offset off.
// (encoding/json's offsets count the bytes read, so the faulty byte, or
// the last byte of a mistyped value, is at offset-1.)
func lineCol(b []byte, off int64) string {
	off = max(0, min(off, int64(len(b))))
	line, col := 1, 1
	for _, c := range b[:off] {
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return fmt.Sprintf("%d:%d", line, col)
}
