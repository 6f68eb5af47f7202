package stamp

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/kfc-dev/kfc/runtime/lockfile"
)

// The gob copy of kfc.lock is what lockfile.Read returns, empty lists and
// maps included.
func TestGobLockIsTheLock(t *testing.T) {
	root := t.TempDir()
	l, err := lockfile.Read(root)
	if err != nil {
		t.Fatal(err)
	}
	l.Set("node.a", &lockfile.Entry{Command: "a", NodeHash: "sha256:1",
		Outputs:    []lockfile.Artifact{{Name: "x", Path: "data/x", Size: 3, Digest: "sha256:2"}},
		Parameters: map[string]json.RawMessage{"p": json.RawMessage(`1`)}})
	l.Set("node.b", &lockfile.Entry{Command: "b", NodeHash: "sha256:3"})
	if err := l.Flush(root); err != nil {
		t.Fatal(err)
	}
	b := GobLock(root)
	if b == nil {
		t.Fatal("no gob copy")
	}
	if err := Save(root, "id", &Stamp{Plan: "p"}, nil, nil, b); err != nil {
		t.Fatal(err)
	}
	s := Load(root, "id")
	got := LoadLock(root, "id", s)
	want, _ := lockfile.Read(root)
	if got == nil || !reflect.DeepEqual(got.Nodes, want.Nodes) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	s.Lock = PlanDigest([]byte("other"))
	if LoadLock(root, "id", s) != nil {
		t.Error("a copy that does not match its digest was used")
	}
}
