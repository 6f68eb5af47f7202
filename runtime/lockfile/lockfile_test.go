package lockfile

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func entry(hash string) *Entry {
	return &Entry{
		NodeHash:   hash,
		Command:    "python -m train --lr 0.1",
		Parameters: map[string]json.RawMessage{"params:lr": json.RawMessage(`0.1`), "params:model": json.RawMessage(`{"z":1,"a":"<b>"}`)},
		Inputs: []Artifact{
			{Name: "z_input", Path: "data/z.csv", Size: 3, Digest: "sha256:" + strings.Repeat("a", 64)},
			{Name: "a_input", Path: "s3://bucket/a", External: true},
		},
		Outputs: []Artifact{{Name: "model", Path: "data/06_models/model.pkl", Version: "2026-01-02T03.04.05.678Z", Size: 10, Digest: "sha256:" + strings.Repeat("b", 64)}},
	}
}

func TestMissingIsEmpty(t *testing.T) {
	l, err := Read(t.TempDir())
	if err != nil || l.SchemaVersion != "1" || len(l.Nodes) != 0 || l.Get("x") != nil {
		t.Fatalf("got %+v, %v", l, err)
	}
}

func TestWriteIsCanonicalAndRoundTrips(t *testing.T) {
	root := t.TempDir()
	l, _ := Read(root)
	l.Set("node.train", entry("sha256:1"))
	l.Set("node.a_first", &Entry{NodeHash: "sha256:2", Command: "true"})
	if err := l.Write(root); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(root, FileName))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{
		"{\n  \"nodes\": {\n    \"node.a_first\": {\n      \"command\": \"true\",\n      \"inputs\": [],",
		`"params:model": {` + "\n" + `          "a": "<b>",`,
		`"params:lr": 0.1`,
		`"version": "2026-01-02T03.04.05.678Z"`,
		"\"schema_version\": \"1\"\n}\n",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("lock file lacks %q:\n%s", want, s)
		}
	}
	if strings.Index(s, `"a_input"`) > strings.Index(s, `"z_input"`) {
		t.Error("inputs not sorted by name")
	}
	back, err := Read(root)
	if err != nil {
		t.Fatal(err)
	}
	if got := back.Get("node.train"); got == nil || got.Outputs[0].Size != 10 || !got.Inputs[0].External {
		t.Fatalf("round trip: %+v", got)
	}
	// Writing what was read gives the same bytes.
	back.Set("node.train", back.Get("node.train"))
	if err := back.Write(root); err != nil {
		t.Fatal(err)
	}
	if b2, _ := os.ReadFile(filepath.Join(root, FileName)); string(b2) != s {
		t.Errorf("rewrite changed bytes:\n%s\nvs\n%s", b2, s)
	}
	if left, _ := filepath.Glob(filepath.Join(root, ".kfc.lock.tmp-*")); len(left) != 0 {
		t.Errorf("temp files left: %v", left)
	}
}

func TestParallelWritersKeepEachOthersEntries(t *testing.T) {
	root := t.TempDir()
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l, err := Read(root)
			if err != nil {
				t.Error(err)
				return
			}
			for i := 0; i < 10; i++ {
				l.Set(fmt.Sprintf("node.w%d_%d", w, i), &Entry{NodeHash: "h", Command: "true"})
				if err := l.Write(root); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	l, err := Read(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Nodes) != 40 {
		t.Fatalf("%d entries, want 40", len(l.Nodes))
	}
}

func TestDeleteAndStaleReader(t *testing.T) {
	root := t.TempDir()
	a, _ := Read(root)
	a.Set("node.x", &Entry{NodeHash: "1"})
	a.Set("node.y", &Entry{NodeHash: "1"})
	a.Write(root)
	b, _ := Read(root)
	a.Set("node.x", &Entry{NodeHash: "2"})
	a.Write(root)
	// b read before a's update and did not touch node.x: a's entry stays.
	b.Delete("node.y")
	if err := b.Write(root); err != nil {
		t.Fatal(err)
	}
	l, _ := Read(root)
	if l.Get("node.x") == nil || l.Get("node.x").NodeHash != "2" || l.Get("node.y") != nil {
		t.Fatalf("got %v", l.Nodes)
	}
}

func TestMalformed(t *testing.T) {
	for _, tc := range []struct{ name, content, want string }{
		{"syntax", "{\n  \"schema_version\": \"1\",\n  \"nodes\": {,}\n}\n", "kfc.lock:3:13: invalid character ','"},
		{"type", "{\"schema_version\": \"1\",\n \"nodes\": {\"n\": {\"node_hash\": 5}}}", "kfc.lock:2:31: nodes.node_hash: expected string, got JSON number"},
		{"version", `{"schema_version": "2", "nodes": {}, "future": 1}`, `schema_version "2" is not supported`},
		{"no version", `{"nodes": {}}`, "no schema_version"},
		{"truncated", `{"schema_version": "1", "nodes": {`, "kfc.lock"},
		{"unknown field", `{"schema_version": "1", "nodes": {}, "extra": 1}`, `unknown field "extra"`},
		{"null entry", `{"schema_version": "1", "nodes": {"n": null}}`, `node "n": entry is null`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			os.WriteFile(filepath.Join(root, FileName), []byte(tc.content), 0o644)
			_, err := Read(root)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), FileName) {
				t.Fatalf("err = %v, want it to name %s and say %q", err, FileName, tc.want)
			}
			// A malformed lock is never overwritten.
			l := &Lock{}
			l.Set("n", &Entry{})
			if err := l.Write(root); err == nil {
				t.Fatal("Write over a malformed lock succeeded")
			}
		})
	}
}

// big writes a lock of n entries, large enough to be journaled.
func big(t testing.TB, root string, n int) {
	t.Helper()
	l, _ := Read(root)
	for i := 0; i < n; i++ {
		l.Set(fmt.Sprintf("node.big%04d", i), entry("sha256:b"))
	}
	if err := l.Flush(root); err != nil {
		t.Fatal(err)
	}
}

func TestJournalThenFlush(t *testing.T) {
	root := t.TempDir()
	big(t, root, 100)
	before, _ := os.ReadFile(filepath.Join(root, FileName))
	if len(before) < smallLock {
		t.Fatalf("lock of %d bytes is not large enough for the test", len(before))
	}
	l, _ := Read(root)
	l.Set("node.new", entry("sha256:new"))
	l.Delete("node.big0000")
	if err := l.Write(root); err != nil {
		t.Fatal(err)
	}
	// Journaled, not yet in kfc.lock; Read sees it all the same.
	if after, _ := os.ReadFile(filepath.Join(root, FileName)); string(after) != string(before) {
		t.Fatal("kfc.lock rewritten for one entry")
	}
	r, err := Read(root)
	if err != nil || r.Get("node.new") == nil || r.Get("node.big0000") != nil || len(r.Nodes) != 100 {
		t.Fatalf("Read with a journal: %v entries, %v", len(r.Nodes), err)
	}
	// A torn last line (a crash mid-append) is ignored.
	jf, _ := os.OpenFile(filepath.Join(root, JournalFile), os.O_APPEND|os.O_WRONLY, 0)
	jf.WriteString(`{"entry": {"command": "tru`)
	jf.Close()
	if r, err := Read(root); err != nil || len(r.Nodes) != 100 {
		t.Fatalf("torn journal: %d entries, %v", len(r.Nodes), err)
	}
	if err := l.Flush(root); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(filepath.Join(root, JournalFile)); err != nil || st.Size() != 0 {
		t.Errorf("journal not emptied by Flush: %v", err)
	}
	b, _ := os.ReadFile(filepath.Join(root, FileName))
	if !strings.Contains(string(b), `"node.new"`) || strings.Contains(string(b), `"node.big0000"`) {
		t.Error("Flush did not fold the journal into kfc.lock")
	}
	if r, _ := Read(root); len(r.Nodes) != 100 {
		t.Errorf("after Flush: %d entries", len(r.Nodes))
	}
}

func TestJournalCompactsGeometrically(t *testing.T) {
	root := t.TempDir()
	big(t, root, 50)
	l, _ := Read(root)
	rewrites := 0
	last, _ := os.Stat(filepath.Join(root, FileName))
	for i := 0; i < 400; i++ {
		l.Set(fmt.Sprintf("node.more%04d", i), entry("sha256:m"))
		if err := l.Write(root); err != nil {
			t.Fatal(err)
		}
		st, _ := os.Stat(filepath.Join(root, FileName))
		if !os.SameFile(st, last) {
			rewrites++
			last = st
		}
	}
	if rewrites == 0 || rewrites > 8 {
		t.Errorf("%d rewrites of kfc.lock for 400 writes, want a few (doubling)", rewrites)
	}
	if r, _ := Read(root); len(r.Nodes) != 450 {
		t.Errorf("%d entries, want 450", len(r.Nodes))
	}
}

func TestParallelJournaledWriters(t *testing.T) {
	root := t.TempDir()
	big(t, root, 100)
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l, _ := Read(root)
			for i := 0; i < 50; i++ {
				l.Set(fmt.Sprintf("node.w%d_%d", w, i), entry("h"))
				if err := l.Write(root); err != nil {
					t.Error(err)
				}
			}
			if err := l.Flush(root); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	l, _ := Read(root)
	if len(l.Nodes) != 300 {
		t.Fatalf("%d entries, want 300", len(l.Nodes))
	}
}

func TestEncodeIsCanonical(t *testing.T) {
	l := &Lock{}
	l.Set("node.b", entry("sha256:1"))
	l.Set("node.a", &Entry{NodeHash: "x", Parameters: map[string]json.RawMessage{"p": json.RawMessage(`{"b": 1, "a": 2}`)}})
	b, err := l.Encode()
	if err != nil {
		t.Fatal(err)
	}
	want, _ := Canonical(json.RawMessage(b))
	if string(b) != string(want) {
		t.Errorf("Encode is not canonical:\n%s\nwant\n%s", b, want)
	}
}

func TestFlushWithNothingToDoWritesNothing(t *testing.T) {
	root := t.TempDir()
	l, _ := Read(root)
	if err := l.Flush(root); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{FileName, JournalFile} {
		if _, err := os.Stat(filepath.Join(root, p)); !os.IsNotExist(err) {
			t.Errorf("%s created by a Flush with nothing to write", p)
		}
	}
}

// Append only journals: kfc.lock is written by Flush, and what was
// appended is there for Read before (an interrupted run keeps it).
func TestAppendJournalsUntilFlush(t *testing.T) {
	root := t.TempDir()
	l, _ := Read(root)
	for i := 0; i < 30; i++ {
		l.Set(fmt.Sprintf("node.a%02d", i), entry("sha256:a"))
		if err := l.Append(root); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(filepath.Join(root, FileName)); !os.IsNotExist(err) {
		t.Fatalf("Append wrote kfc.lock: %v", err)
	}
	if r, err := Read(root); err != nil || len(r.Nodes) != 30 {
		t.Fatalf("Read after Append: %d entries, %v", len(r.Nodes), err)
	}
	if err := l.Flush(root); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(root, FileName))
	if !strings.Contains(string(b), `"node.a29"`) {
		t.Fatal("Flush did not write the appended entries to kfc.lock")
	}
	// After Flush, Append opens its files again.
	l.Set("node.late", entry("sha256:l"))
	if err := l.Append(root); err != nil {
		t.Fatal(err)
	}
	if r, _ := Read(root); r.Get("node.late") == nil || len(r.Nodes) != 31 {
		t.Fatalf("Append after Flush lost: %d entries", len(r.Nodes))
	}
	l.Flush(root)
}

// Another writer's compaction empties the journal that an appending Lock
// holds open; what it appends afterwards is still read.
func TestAppendAfterAnotherWritersCompaction(t *testing.T) {
	root := t.TempDir()
	a, _ := Read(root)
	a.Set("node.a1", entry("sha256:1"))
	if err := a.Append(root); err != nil {
		t.Fatal(err)
	}
	b, _ := Read(root)
	b.Set("node.b", entry("sha256:b"))
	if err := b.Flush(root); err != nil { // folds a1 in, empties the journal
		t.Fatal(err)
	}
	a.Set("node.a2", entry("sha256:2"))
	if err := a.Append(root); err != nil {
		t.Fatal(err)
	}
	r, err := Read(root)
	if err != nil || r.Get("node.a1") == nil || r.Get("node.a2") == nil || r.Get("node.b") == nil {
		t.Fatalf("entries lost: %v %v", r.Nodes, err)
	}
	a.Flush(root)
}

// Exists sees kfc.lock, or the journal alone (a first run interrupted
// before its Flush), and nothing else.
func TestExists(t *testing.T) {
	root := t.TempDir()
	if Exists(root) {
		t.Fatal("Exists in an empty project")
	}
	if err := os.MkdirAll(filepath.Join(root, ".kfc"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(JournalFile)), []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if !Exists(root) {
		t.Error("Exists misses the journal")
	}
	os.Remove(filepath.Join(root, filepath.FromSlash(JournalFile)))
	if err := os.WriteFile(filepath.Join(root, FileName), []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if !Exists(root) {
		t.Error("Exists misses kfc.lock")
	}
}
