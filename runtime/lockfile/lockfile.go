// Package lockfile reads and writes kfc.lock, the record of each node's last
// successful execution.
package lockfile

import (
	"encoding/json"
	"errors"
	"sync"
)

// FileName is the lock file's name at the project root.
const FileName = "kfc.lock"

// Lock is the content of kfc.lock.
type Lock struct {
	SchemaVersion string            `json:"schema_version"`
	Nodes         map[string]*Entry `json:"nodes"` // keyed by plan node id

	mu sync.Mutex
}

// Entry records one node's last successful execution.
type Entry struct {
	NodeHash   string                     `json:"node_hash"`
	Command    string                     `json:"command"`
	Parameters map[string]json.RawMessage `json:"parameters"`
	Inputs     []Artifact                 `json:"inputs"`
	Outputs    []Artifact                 `json:"outputs"`
}

// Artifact is one dataset read or written by a node.
type Artifact struct {
	Name     string `json:"name"`
	Path     string `json:"path"`
	Version  string `json:"version,omitempty"`
	Size     int64  `json:"size"`
	Digest   string `json:"digest"`
	External bool   `json:"external"`
}

// Read reads root's kfc.lock.
func Read(root string) (*Lock, error) { return nil, errors.New("not yet") }

// Get returns a node's entry or nil.
func (l *Lock) Get(id string) *Entry {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.Nodes[id]
}

// Set records a node's entry.
func (l *Lock) Set(id string, e *Entry) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.Nodes == nil {
		l.Nodes = map[string]*Entry{}
	}
	l.Nodes[id] = e
}

// Write writes the lock file atomically.
func (l *Lock) Write(root string) error { return errors.New("not yet") }
