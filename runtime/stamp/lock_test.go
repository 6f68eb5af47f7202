package stamp

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

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
	if err := Save(root, "id", &Stamp{Plan: "p"}, Copies{GobLock: b}); err != nil {
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

// A project keeps the Keep most recent stamps, each with its copies.
func TestSavePrunesAndRemoveTakesTheCopies(t *testing.T) {
	root := t.TempDir()
	for i := range Keep + 2 {
		id := fmt.Sprintf("id%02d", i)
		if err := Save(root, id, &Stamp{Plan: "p"}, Copies{Plan: []byte("{}"), GobPlan: []byte("gob"), Replay: []byte("replay")}); err != nil {
			t.Fatal(err)
		}
		// mtimes in order even on a coarse clock
		when := time.Now().Add(time.Duration(i-Keep-2) * time.Second)
		os.Chtimes(filepath.Join(root, filepath.FromSlash(Dir), id+".json"), when, when)
	}
	Save(root, "id17", &Stamp{Plan: "p"}, Copies{Plan: []byte("{}"), GobPlan: []byte("gob"), Replay: []byte("replay")}) // prune again with the mtimes set
	ents, _ := os.ReadDir(filepath.Join(root, filepath.FromSlash(Dir)))
	if len(ents) != 4*Keep {
		t.Errorf("%d files, want %d", len(ents), 4*Keep)
	}
	if Load(root, "id00") != nil || Load(root, "id17") == nil {
		t.Error("kept the wrong stamps")
	}
	Remove(root, "id17")
	for _, copy := range []string{"id17.plan.json", "id17.replay"} {
		if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(Dir), copy)); err == nil {
			t.Errorf("Remove left %s", copy)
		}
	}
}
