package stamp

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"reflect"

	"github.com/kfc-dev/kfc/runtime/lockfile"
)

// The stamp keeps kfc.lock (with its journal replayed) in gob too, for
// the same reason as the plan: its JSON is a tenth of a run from the
// stamp. kfc.lock and the journal are in the key, so the copy is what
// lockfile.Read would return.

// GobLock is root's kfc.lock in gob, or nil unless it decodes to exactly
// what lockfile.Read returns.
func GobLock(root string) []byte {
	l, err := lockfile.Read(root)
	if err != nil {
		return nil
	}
	var buf bytes.Buffer
	if gob.NewEncoder(&buf).Encode(l) != nil {
		return nil
	}
	back, err := decodeLock(buf.Bytes())
	if err != nil || back.SchemaVersion != l.SchemaVersion || !reflect.DeepEqual(back.Nodes, l.Nodes) {
		return nil
	}
	return buf.Bytes()
}

// decodeLock decodes a gob kfc.lock. Gob drops empty slices and maps;
// kfc.lock always writes them ([] and {}), so they are made empty again.
func decodeLock(b []byte) (*lockfile.Lock, error) {
	var l lockfile.Lock
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&l); err != nil {
		return nil, err
	}
	if l.Nodes == nil {
		l.Nodes = map[string]*lockfile.Entry{}
	}
	for _, e := range l.Nodes {
		if e.Inputs == nil {
			e.Inputs = []lockfile.Artifact{}
		}
		if e.Outputs == nil {
			e.Outputs = []lockfile.Artifact{}
		}
		if e.Parameters == nil {
			e.Parameters = map[string]json.RawMessage{}
		}
	}
	return &l, nil
}

// LoadLock is the stamp's kfc.lock, checked against the stamp's digest of
// it; nil when there is none or it does not match.
func LoadLock(root, id string, s *Stamp) *lockfile.Lock {
	b := readCopy(root, id, ".lock.gob", s, s.Lock)
	if b == nil {
		return nil
	}
	l, err := decodeLock(b)
	if err != nil {
		return nil
	}
	return l
}
