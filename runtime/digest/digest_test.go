package digest

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

func write(t testing.TB, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func sha(s string) string {
	h := sha256.Sum256([]byte(s))
	return Prefix + hex.EncodeToString(h[:])
}

// age moves a file's mtime back so its cache entry is not racy.
func age(t testing.TB, path string) {
	t.Helper()
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
}

// setCtimeOld is impossible from user space, so tests that need a trusted
// entry rewind the entry's hash time instead.
func rewind(c *Cache) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.entries {
		e.HashedNS += int64(2 * racyWindowCoarse)
		c.entries[k] = e
	}
}

func TestSumFile(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "a.txt"), "hello\n")
	c := OpenCache(root)
	d, err := c.Sum("a.txt")
	if err != nil {
		t.Fatal(err)
	}
	if d.Size != 6 || d.Digest != sha("hello\n") {
		t.Fatalf("got %+v, want size 6 and %s", d, sha("hello\n"))
	}
	abs, err := Sum(filepath.Join(root, "a.txt"))
	if err != nil || abs != d {
		t.Fatalf("uncached Sum = %+v, %v; want %+v", abs, err, d)
	}
	if _, err := c.Sum("missing"); !IsNotExist(err) {
		t.Fatalf("missing file: err = %v, want not-exist", err)
	}
}

func TestCacheReusesAndNoticesChanges(t *testing.T) {
	root := t.TempDir()
	p := filepath.Join(root, "data", "x.csv")
	write(t, p, "1,2\n")
	c := OpenCache(root)
	if _, err := c.Sum(p); err != nil {
		t.Fatal(err)
	}
	rewind(c)
	// Same size, mtime restored: only a cache hit can return the old digest,
	// since the content is different now.
	st, _ := os.Stat(p)
	write(t, p, "3,4\n")
	os.Chtimes(p, st.ModTime(), st.ModTime())
	c2 := &Cache{root: c.root, entries: c.entries, dirty: map[string]bool{}}
	d, _ := c2.Sum(p)
	// ctime changed with the write, so the entry must not be reused.
	if d.Digest != sha("3,4\n") {
		t.Fatalf("rewritten file with restored mtime: got %s, want the new content's digest", d.Digest)
	}

	write(t, p, "5,6,7\n")
	d, _ = c.Sum(p)
	if d.Digest != sha("5,6,7\n") || d.Size != 6 {
		t.Fatalf("changed file: got %+v", d)
	}
}

func TestCacheHitReadsNothing(t *testing.T) {
	root := t.TempDir()
	p := filepath.Join(root, "big.bin")
	write(t, p, "content")
	c := OpenCache(root)
	want, _ := c.Sum(p)
	rewind(c)
	// Unreadable now: a hit must not open the file.
	if err := os.Chmod(p, 0); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(p, 0o644)
	// chmod changes ctime; put the entry's identity in line with it, as a
	// cache written after the chmod would be.
	st, _ := os.Stat(p)
	c.mu.Lock()
	e := c.entries["big.bin"]
	e.identity = identityOf(st)
	e.HashedNS = e.CtimeNS + int64(2*racyWindowCoarse)
	c.entries["big.bin"] = e
	c.mu.Unlock()
	got, err := c.Sum(p)
	if err != nil || got != want {
		t.Fatalf("cache hit: got %+v, %v; want %+v without reading", got, err, want)
	}
	if os.Getuid() != 0 {
		if _, err := Sum(p); err == nil {
			t.Fatal("uncached Sum of an unreadable file succeeded")
		}
	}
}

func TestRacyEntryIsNotTrusted(t *testing.T) {
	root := t.TempDir()
	p := filepath.Join(root, "fresh")
	write(t, p, "aaaa")
	c := OpenCache(root)
	c.Sum(p)
	// As if the hash began right after the write, however slow this machine.
	c.mu.Lock()
	e := c.entries["fresh"]
	e.HashedNS = max(e.MtimeNS, e.CtimeNS) + 1
	c.entries["fresh"] = e
	c.mu.Unlock()
	// Same size, same mtime (within the granularity), different content: a
	// just-written file is re-read rather than trusted.
	st, _ := os.Stat(p)
	write(t, p, "bbbb")
	os.Chtimes(p, st.ModTime(), st.ModTime())
	if d, _ := c.Sum(p); d.Digest != sha("bbbb") {
		t.Fatalf("racy entry trusted: got %s", d.Digest)
	}
}

func TestFolder(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "parts")
	write(t, filepath.Join(dir, "b.csv"), "b")
	write(t, filepath.Join(dir, "a", "1.csv"), "one")
	if err := os.Symlink("b.csv", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	c := OpenCache(root)
	d1, err := c.Sum("parts")
	if err != nil {
		t.Fatal(err)
	}
	if d1.Size != 4 {
		t.Errorf("folder size = %d, want 4 (symlinks and folders count 0)", d1.Size)
	}
	// Same tree elsewhere: same digest (paths are relative).
	other := filepath.Join(root, "copy")
	write(t, filepath.Join(other, "a", "1.csv"), "one")
	write(t, filepath.Join(other, "b.csv"), "b")
	os.Symlink("b.csv", filepath.Join(other, "link"))
	if d2, _ := c.Sum(other); d2 != d1 {
		t.Errorf("identical trees: %s != %s", d2.Digest, d1.Digest)
	}
	for name, change := range map[string]func(){
		"content": func() { write(t, filepath.Join(other, "a", "1.csv"), "two") },
		"rename":  func() { os.Rename(filepath.Join(other, "b.csv"), filepath.Join(other, "c.csv")) },
		"mode":    func() { os.Chmod(filepath.Join(other, "b.csv"), 0o755) },
		"symlink": func() { os.Remove(filepath.Join(other, "link")); os.Symlink("a", filepath.Join(other, "link")) },
		"new dir": func() { os.Mkdir(filepath.Join(other, "empty"), 0o755) },
	} {
		os.RemoveAll(other)
		write(t, filepath.Join(other, "a", "1.csv"), "one")
		write(t, filepath.Join(other, "b.csv"), "b")
		os.Symlink("b.csv", filepath.Join(other, "link"))
		change()
		if d2, _ := c.Sum(other); d2.Digest == d1.Digest {
			t.Errorf("%s: digest unchanged", name)
		}
	}
}

func TestSaveMergesConcurrentWriters(t *testing.T) {
	root := t.TempDir()
	for _, n := range []string{"a", "b"} {
		write(t, filepath.Join(root, n), n)
		age(t, filepath.Join(root, n))
	}
	c1, c2 := OpenCache(root), OpenCache(root)
	c1.Sum("a")
	c2.Sum("b")
	if err := c1.Save(); err != nil {
		t.Fatal(err)
	}
	if err := c2.Save(); err != nil {
		t.Fatal(err)
	}
	if n := loaded(root); n != 2 {
		t.Fatalf("after two saves: %d entries, want 2 (a and b)", n)
	}
	b, _ := os.ReadFile(filepath.Join(root, CacheFile))
	if !strings.Contains(string(b), `"a"`) || strings.Contains(string(b), root) {
		t.Errorf("keys should be root-relative: %s", b)
	}
}

func TestCorruptCacheIsEmpty(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, CacheFile), "{not json")
	write(t, filepath.Join(root, "f"), "x")
	c := OpenCache(root)
	if d, err := c.Sum("f"); err != nil || d.Digest != sha("x") {
		t.Fatalf("got %+v, %v", d, err)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	if loaded(root) != 1 {
		t.Fatal("corrupt cache not replaced")
	}
}

func TestConcurrentSum(t *testing.T) {
	root := t.TempDir()
	for i := 0; i < 20; i++ {
		write(t, filepath.Join(root, "d", string(rune('a'+i))), strings.Repeat("x", i))
	}
	c := OpenCache(root)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 5; j++ {
				if _, err := c.Sum("d"); err != nil {
					t.Error(err)
				}
				if err := c.Save(); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
}

func TestRacyWindow(t *testing.T) {
	id := identity{Size: 1, MtimeNS: 1_000_000_123, CtimeNS: 1_000_000_123}
	e := entry{identity: id, HashedNS: id.MtimeNS + int64(racyWindow)}
	if !e.trusted(id) {
		t.Error("sub-second timestamps: an entry hashed 20 ms after the write is not trusted")
	}
	e.HashedNS--
	if e.trusted(id) {
		t.Error("sub-second timestamps: an entry hashed within 20 ms of the write is trusted")
	}
	whole := identity{Size: 1, MtimeNS: 5_000_000_000, CtimeNS: 5_000_000_000}
	if (entry{identity: whole, HashedNS: whole.MtimeNS + int64(time.Second)}).trusted(whole) {
		t.Error("whole-second timestamps: an entry hashed 1 s after the write is trusted")
	}
	if !(entry{identity: whole, HashedNS: whole.MtimeNS + int64(racyWindowCoarse)}).trusted(whole) {
		t.Error("whole-second timestamps: an entry hashed 2 s after the write is not trusted")
	}
}

func TestSymlinkedFolderIsFollowed(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "real", "a.csv"), "a")
	if err := os.Symlink("real", filepath.Join(root, "link")); err != nil {
		t.Fatal(err)
	}
	c := OpenCache(root)
	want, _ := c.Sum("real")
	got, err := c.Sum("link")
	if err != nil || got != want || got.Size != 1 {
		t.Fatalf("Sum(link to folder) = %+v, %v; want %+v", got, err, want)
	}
}

// A file larger than the read buffer is read whole (hashFile loops until
// the end, whichever way it reads).
func TestSumFileLargerThanBuffer(t *testing.T) {
	root := t.TempDir()
	content := strings.Repeat("0123456789abcdef", (3<<20)/16+3) // 3 MiB and 48 bytes
	write(t, filepath.Join(root, "big.bin"), content)
	d, err := Sum(filepath.Join(root, "big.bin"))
	if err != nil || d.Size != int64(len(content)) || d.Digest != sha(content) {
		t.Fatalf("got %+v, %v; want size %d and %s", d, err, len(content), sha(content))
	}
}

// loaded is the number of entries a cache opened at root reads.
func loaded(root string) int { return len(keys(root)) }

// keys are the saved cache's entries, sorted.
func keys(root string) []string {
	c := OpenCache(root)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.loadLocked()
	var out []string
	for k := range c.entries {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// cached writes each file (its own path as its content, aged so that its
// entry is trusted) under root, hashes it, and saves the cache.
func cached(t *testing.T, root string, files ...string) {
	t.Helper()
	c := OpenCache(root)
	for _, f := range files {
		write(t, filepath.Join(root, f), f)
		age(t, filepath.Join(root, f))
		if _, err := c.Sum(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
}

// Opening a cache reads nothing: a run that hashes nothing never parses
// the file.
func TestOpenCacheIsLazy(t *testing.T) {
	root := t.TempDir()
	cached(t, root, "f")
	c := OpenCache(root)
	if c.entries != nil {
		t.Fatal("OpenCache read the file")
	}
	if err := c.Save(); err != nil || c.entries != nil {
		t.Fatalf("a Save with nothing new read the file: %v", err)
	}
	if d, err := c.Sum("f"); err != nil || d.Digest != sha("f") || len(c.entries) != 1 {
		t.Fatalf("got %+v, %v, %d entries", d, err, len(c.entries))
	}
}
