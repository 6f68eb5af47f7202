package lockfile

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// odd makes varied write invalid UTF-8 into a path, which a JSON round
// trip changes (to U+FFFD).
var odd = false

// varied are entries that a JSON round trip could change if the encoder
// and the parser disagreed: escapes, parameters written with spaces and
// unsorted keys, nil lists, external artifacts (and with odd, invalid
// UTF-8).
func varied(i int) *Entry {
	e := entry(fmt.Sprintf("sha256:%d", i))
	switch i % 4 {
	case 0:
		e.Inputs = nil
		e.Parameters = nil
	case 1:
		e.Inputs[0].Path = "data/<odd>\u2028\"name\"\x7f.csv"
		if odd {
			e.Inputs[0].Path += "\xff\xfe"
		}
		e.Parameters["params:nested"] = json.RawMessage(` { "z" : [1, 2,{"b":null,"a":true}], "a": "\u00e9" } `)
	case 2:
		e.Outputs = append(e.Outputs, Artifact{Name: "a_ext", Path: "s3://b/k", External: true})
	}
	return e
}

// flushAll runs the same writes on a fresh project and returns kfc.lock
// and how many rewrites read the files back; forget makes the Lock
// forget what it saw, so Flush must read.
func flushAll(t *testing.T, forget bool) (string, int) {
	t.Helper()
	root := t.TempDir()
	first, _ := Read(root)
	for i := 0; i < 40; i++ {
		first.Set(fmt.Sprintf("node.old%02d", i), varied(i))
	}
	if err := first.Flush(root); err != nil {
		t.Fatal(err)
	}
	before := rereads.Load()
	l, err := Read(root)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 60; i++ {
		l.Set(fmt.Sprintf("node.n%02d", i), varied(i))
		if err := l.Append(root); err != nil {
			t.Fatal(err)
		}
	}
	l.Set("node.n07", varied(5)) // again: the journal has both
	l.Delete("node.old03")
	if err := l.Append(root); err != nil {
		t.Fatal(err)
	}
	l.Set("node.unappended", varied(9)) // only Flush's own append has it
	if forget {
		l.seen.valid = false
	}
	if err := l.Flush(root); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(root, FileName))
	if err != nil {
		t.Fatal(err)
	}
	return string(b), int(rereads.Load() - before)
}

// TestFlushFromMemoryIsFlushFromFiles: a Flush that nobody else wrote
// before encodes the entries it holds, without reading kfc.lock and the
// journal back, and writes the same bytes as one that reads them.
func TestFlushFromMemoryIsFlushFromFiles(t *testing.T) {
	fromMemory, n := flushAll(t, false)
	if n != 0 {
		t.Fatalf("Flush read the files back %d times though nobody else wrote", n)
	}
	fromFiles, n := flushAll(t, true)
	if n != 1 {
		t.Fatalf("Flush of a Lock that forgot its files read them %d times, want 1", n)
	}
	if fromMemory != fromFiles {
		t.Errorf("kfc.lock differs:\nfrom memory:\n%s\nfrom the files:\n%s", fromMemory, fromFiles)
	}
	// Invalid UTF-8 reads back as U+FFFD: such an entry makes Flush read.
	odd = true
	defer func() { odd = false }()
	if _, n := flushAll(t, false); n != 1 {
		t.Errorf("Flush kept an entry with invalid UTF-8 from memory (%d reads)", n)
	}
	for _, want := range []string{`"node.unappended"`, `"node.n59"`, `"node.old39"`} {
		if !strings.Contains(fromMemory, want) {
			t.Errorf("kfc.lock lacks %s", want)
		}
	}
	if strings.Contains(fromMemory, `"node.old03"`) {
		t.Error("a deleted entry came back")
	}
}

// TestFlushReadsWhatOthersWrote: another writer's append, or its
// rewrite of kfc.lock, makes Flush read the files back, so its entries
// stay.
func TestFlushReadsWhatOthersWrote(t *testing.T) {
	for _, other := range []string{"append", "rewrite"} {
		t.Run(other, func(t *testing.T) {
			root := t.TempDir()
			a, _ := Read(root)
			b, _ := Read(root)
			a.Set("node.a", varied(1))
			if err := a.Append(root); err != nil {
				t.Fatal(err)
			}
			b.Set("node.b", varied(2))
			var err error
			if other == "append" {
				err = b.Append(root)
			} else {
				err = b.Flush(root)
			}
			if err != nil {
				t.Fatal(err)
			}
			before := rereads.Load()
			a.Set("node.c", varied(3))
			if err := a.Flush(root); err != nil {
				t.Fatal(err)
			}
			if rereads.Load() == before {
				t.Error("Flush did not read the files another writer changed")
			}
			back, err := Read(root)
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range []string{"node.a", "node.b", "node.c"} {
				if back.Get(id) == nil {
					t.Errorf("kfc.lock lost %s", id)
				}
			}
		})
	}
}

// TestTornJournalIsReadBack: a journal whose last line was torn (a
// crash) is not the whole of what a Lock read, so Flush reads it back.
func TestTornJournalIsReadBack(t *testing.T) {
	root := t.TempDir()
	l, _ := Read(root)
	l.Set("node.a", varied(1))
	if err := l.Append(root); err != nil {
		t.Fatal(err)
	}
	l.Flush(root)
	j, err := os.OpenFile(filepath.Join(root, JournalFile), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	j.WriteString(`{"entry":{"command":"x"`)
	j.Close()
	l, err = Read(root)
	if err != nil || l.seen.valid {
		t.Fatalf("a torn journal was taken as whole (%v)", err)
	}
	before := rereads.Load()
	l.Set("node.b", varied(2))
	if err := l.Flush(root); err != nil {
		t.Fatal(err)
	}
	if rereads.Load() != before+1 {
		t.Error("Flush trusted a Lock that read a torn journal")
	}
}
