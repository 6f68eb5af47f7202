// Package lockfile reads and writes kfc.lock, the record of each node's last
// successful execution (DVC's dvc.lock is the model): what kfc exec compares
// against to skip a node whose command, parameters and data are unchanged.
package lockfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/kfc-dev/kfc/runtime/internal/atomicfile"
)

// FileName is the lock file's name at the project root.
const FileName = "kfc.lock"

// SchemaVersion is the version of the format this package writes.
const SchemaVersion = "1"

// writerLock serialises writers of kfc.lock across processes.
const writerLock = ".kfc/kfc.lock.lk"

// Lock is the content of kfc.lock.
type Lock struct {
	SchemaVersion string            `json:"schema_version"`
	Nodes         map[string]*Entry `json:"nodes"` // keyed by plan node id

	mu    sync.Mutex
	dirty map[string]bool // ids Set or Deleted since Read; nil Entry = deleted
}

// Entry records one node's last successful execution.
type Entry struct {
	NodeHash   string                     `json:"node_hash"`
	Command    string                     `json:"command"` // argv joined shell-style, or the shell string
	Parameters map[string]json.RawMessage `json:"parameters"`
	Inputs     []Artifact                 `json:"inputs"` // sorted by name
	Outputs    []Artifact                 `json:"outputs"`
}

// Artifact is one dataset read or written by a node.
type Artifact struct {
	Name     string `json:"name"`
	Path     string `json:"path"`
	Version  string `json:"version,omitempty"`
	Size     int64  `json:"size"`
	Digest   string `json:"digest"` // "sha256:<hex>"; empty for external artifacts
	External bool   `json:"external"`
}

// Read reads root's kfc.lock. A missing file is an empty Lock; a malformed
// one is an error naming the file and the line:column of the fault.
func Read(root string) (*Lock, error) {
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
	// The version first, so a newer kfc's lock is refused for what it is.
	var probe struct {
		SchemaVersion *string `json:"schema_version"`
	}
	if err := json.Unmarshal(b, &probe); err != nil {
		return nil, positioned(path, b, err)
	}
	if probe.SchemaVersion == nil {
		return nil, fmt.Errorf("%s: no schema_version: not a kfc lock file", path)
	}
	if *probe.SchemaVersion != SchemaVersion {
		return nil, fmt.Errorf("%s: schema_version %q is not supported (this kfc reads and writes %q); delete the file to rerun everything", path, *probe.SchemaVersion, SchemaVersion)
	}
	var l Lock
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return nil, positioned(path, b, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%s:%s: unexpected data after the lock object", path, lineCol(b, dec.InputOffset()))
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

// Get returns a node's entry or nil.
func (l *Lock) Get(id string) *Entry {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.Nodes[id]
}

// Set records a node's entry; Write persists it.
func (l *Lock) Set(id string, e *Entry) {
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
}

// Write writes root/kfc.lock atomically (temp file in the root, fsync,
// rename). Under an flock on .kfc/kfc.lock.lk it first re-reads the file
// and keeps every entry of the nodes this Lock did not Set or Delete, so
// writers in parallel never drop each other's entries. The JSON is
// canonical: keys sorted, 2-space indent, final newline.
func (l *Lock) Write(root string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := os.MkdirAll(filepath.Join(root, filepath.Dir(writerLock)), 0o755); err != nil {
		return err
	}
	unlock, err := atomicfile.Lock(filepath.Join(root, writerLock))
	if err != nil {
		return err
	}
	defer unlock()
	onDisk, err := Read(root)
	if err != nil {
		return fmt.Errorf("not overwriting it: %w", err)
	}
	merged := onDisk.Nodes
	for id := range l.dirty {
		if e := l.Nodes[id]; e != nil {
			merged[id] = e
		} else {
			delete(merged, id)
		}
	}
	out := &Lock{SchemaVersion: SchemaVersion, Nodes: merged}
	b, err := out.Encode()
	if err != nil {
		return err
	}
	if err := atomicfile.Write(filepath.Join(root, FileName), b, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", FileName, err)
	}
	l.SchemaVersion, l.Nodes, l.dirty = SchemaVersion, merged, nil
	return nil
}

// Encode returns the canonical JSON of l.
func (l *Lock) Encode() ([]byte, error) {
	for _, e := range l.Nodes {
		normalize(e)
	}
	doc := struct {
		SchemaVersion string            `json:"schema_version"`
		Nodes         map[string]*Entry `json:"nodes"`
	}{l.SchemaVersion, l.Nodes}
	if doc.Nodes == nil {
		doc.Nodes = map[string]*Entry{}
	}
	return Canonical(doc)
}

func normalize(e *Entry) {
	if e.Parameters == nil {
		e.Parameters = map[string]json.RawMessage{}
	}
	if e.Inputs == nil {
		e.Inputs = []Artifact{}
	}
	if e.Outputs == nil {
		e.Outputs = []Artifact{}
	}
	sort.SliceStable(e.Inputs, func(i, j int) bool { return e.Inputs[i].Name < e.Inputs[j].Name })
	sort.SliceStable(e.Outputs, func(i, j int) bool { return e.Outputs[i].Name < e.Outputs[j].Name })
}

// Canonical encodes v as JSON with every object's keys sorted (struct
// fields too), numbers as written, no HTML escaping, a 2-space indent and
// a final newline: the same value always gives the same bytes.
func Canonical(v any) ([]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var generic any
	if err := dec.Decode(&generic); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(generic); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
