// Package lockfile reads and writes kfc.lock, the record of each node's last
// successful execution (DVC's dvc.lock is the model): what kfc exec compares
// against to skip a node whose command, parameters and data are unchanged.
package lockfile

import (
	"bytes"
	"encoding/json"
	"os"
	"sort"
	"sync"
	"unicode/utf8"

	"github.com/kfc-dev/kfc/internal/esc"
)

// FileName is the lock file's name at the project root.
const FileName = "kfc.lock"

// SchemaVersion is the version of the format this package writes.
const SchemaVersion = "1"

// writerLock serialises writers of kfc.lock and its journal across processes.
const writerLock = ".kfc/kfc.lock.lk"

// JournalFile holds the entries written since kfc.lock was last rewritten
// (see Write).
const JournalFile = ".kfc/kfc.lock.journal"

// Lock is the content of kfc.lock.
type Lock struct {
	SchemaVersion string            `json:"schema_version"`
	Nodes         map[string]*Entry `json:"nodes"` // keyed by plan node id

	mu    sync.Mutex
	dirty map[string]bool // ids Set or Deleted since the last Write

	// Append's files, open from its first call to the next Flush.
	lk, journal *os.File

	seen mirror // what Read or the last rewrite saw, and appends since
}

// Entry records one node's last successful execution. (Fields are in the
// order of their JSON names, so encoding/json writes canonical JSON in one
// pass.)
type Entry struct {
	Command    string                     `json:"command"` // argv joined shell-style, or the shell string
	Inputs     []Artifact                 `json:"inputs"`  // sorted by name
	NodeHash   string                     `json:"node_hash"`
	Outputs    []Artifact                 `json:"outputs"` // sorted by name
	Parameters map[string]json.RawMessage `json:"parameters"`
}

// Artifact is one dataset read or written by a node (fields in JSON name
// order, as Entry's).
type Artifact struct {
	Digest   string `json:"digest"` // "sha256:<hex>"; empty for external artifacts
	External bool   `json:"external"`
	Name     string `json:"name"`
	Path     string `json:"path"`
	Size     int64  `json:"size"`
	Version  string `json:"version,omitempty"`
}

// Get returns a node's entry or nil.
func (l *Lock) Get(id string) *Entry {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.Nodes[id]
}

// EachArtifact calls f with every input and output of every entry.
func (l *Lock) EachArtifact(f func(Artifact)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, e := range l.Nodes {
		for _, a := range e.Inputs {
			f(a)
		}
		for _, a := range e.Outputs {
			f(a)
		}
	}
}

// Set records a node's entry; Write persists it. e is normalised in place
// (inputs and outputs sorted by name, parameters in canonical JSON) and
// must not be changed afterwards.
func (l *Lock) Set(id string, e *Entry) {
	normalize(e)
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.Nodes == nil {
		l.Nodes = map[string]*Entry{}
	}
	if l.dirty == nil {
		l.dirty = map[string]bool{}
	}
	l.Nodes[id] = e
	l.dirty[id] = true
	if !roundTrips(id, e) {
		l.seen.valid = false // the journal's copy reads back otherwise
	}
}

// Delete forgets a node's entry; Write persists that.
func (l *Lock) Delete(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.Nodes, id)
	if l.dirty == nil {
		l.dirty = map[string]bool{}
	}
	l.dirty[id] = true
	if !utf8.ValidString(id) {
		l.seen.valid = false
	}
}

// Encode returns the canonical JSON of l: keys sorted, 2-space indent,
// final newline, no HTML escaping (what encoding/json's indented Encoder
// writes, from the hand encoder in encode.go).
func (l *Lock) Encode() ([]byte, error) {
	ids := make([]string, 0, len(l.Nodes))
	for id, e := range l.Nodes {
		normalize(e)
		ids = append(ids, id)
	}
	sort.Strings(ids)
	// Sized once: growing it by doubling copied most of a large lock.
	w := &enc{esc.JSONWriter{Pretty: true, B: make([]byte, 0, 64+768*len(ids))}}
	w.Open('{')
	w.Key("nodes")
	w.Open('{')
	for _, id := range ids {
		w.Key(id)
		if err := w.entry(l.Nodes[id]); err != nil {
			return nil, err
		}
	}
	w.Close('}')
	w.Key("schema_version")
	w.Str(SchemaVersion)
	w.Close('}')
	return append(w.B, '\n'), nil
}

// normalize makes e encode canonically: empty rather than null lists and
// maps, artifacts sorted by name, parameter values with sorted keys.
func normalize(e *Entry) {
	if e.Parameters == nil {
		e.Parameters = map[string]json.RawMessage{}
	}
	for k, v := range e.Parameters {
		if c, err := CanonicalValue(v); err == nil && !bytes.Equal(c, v) {
			e.Parameters[k] = c
		}
	}
	if e.Inputs == nil {
		e.Inputs = []Artifact{}
	}
	if e.Outputs == nil {
		e.Outputs = []Artifact{}
	}
	// Only what changes is written: Encode normalizes entries that Set
	// normalized already, and those may be read meanwhile (kfc exec's
	// manifest shares their artifact slices).
	byName := func(as []Artifact) func(i, j int) bool {
		return func(i, j int) bool { return as[i].Name < as[j].Name }
	}
	if !sort.SliceIsSorted(e.Inputs, byName(e.Inputs)) {
		sort.SliceStable(e.Inputs, byName(e.Inputs))
	}
	if !sort.SliceIsSorted(e.Outputs, byName(e.Outputs)) {
		sort.SliceStable(e.Outputs, byName(e.Outputs))
	}
}

// CanonicalValue re-encodes a JSON value compactly with sorted keys; scalars
// (the common case) are returned as they are.
func CanonicalValue(v json.RawMessage) (json.RawMessage, error) {
	t := bytes.TrimSpace(v)
	if len(t) == 0 || (t[0] != '{' && t[0] != '[') {
		return t, nil
	}
	b, err := reencode(t, "")
	if err != nil {
		return nil, err
	}
	return bytes.TrimRight(b, "\n"), nil
}

// Canonical encodes v as JSON with every object's keys sorted (struct
// fields too), numbers as written, no HTML escaping, a 2-space indent and
// a final newline: the same value always gives the same bytes.
func Canonical(v any) ([]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return reencode(raw, "  ")
}

// reencode decodes JSON (numbers as written) into generic maps and slices
// and encodes it again, which sorts every object's keys; indent "" is
// compact. The result ends with a newline.
func reencode(raw []byte, indent string) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var generic any
	if err := dec.Decode(&generic); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if indent != "" {
		enc.SetIndent("", indent)
	}
	if err := enc.Encode(generic); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
