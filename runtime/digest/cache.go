package digest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/kfc-dev/kfc/runtime/internal/atomicfile"
)

// CacheFile is the cache's location under the project root.
const CacheFile = ".kfc/cache/digests.json"

// A file modified shortly before it was hashed may be modified again
// without its mtime and ctime changing, since timestamps have a
// granularity (git's "racily clean" entries): such an entry is not trusted,
// and the next Sum reads the file once more (and then caches it for good).
// On Linux a timestamp is the kernel's coarse clock, at most 10 ms behind,
// so 20 ms is enough for a filesystem with sub-second timestamps; one that
// shows whole seconds (ext3, FAT, some network filesystems) gets 2 s.
const (
	racyWindow       = 20 * time.Millisecond
	racyWindowCoarse = 2 * time.Second
)

func window(ns int64) int64 {
	if ns%int64(time.Second) == 0 {
		return int64(racyWindowCoarse)
	}
	return int64(racyWindow)
}

// identity is what must be unchanged for a cached digest to be reused.
type identity struct {
	Size    int64  `json:"size"`
	MtimeNS int64  `json:"mtime_ns"`
	CtimeNS int64  `json:"ctime_ns"`
	Inode   uint64 `json:"inode"`
	Dev     uint64 `json:"dev"`
}

func identityOf(st os.FileInfo) identity {
	id := identity{Size: st.Size(), MtimeNS: st.ModTime().UnixNano()}
	id.CtimeNS, id.Inode, id.Dev = inodeOf(st) // zero where the system has none
	return id
}

type entry struct {
	identity
	HashedNS int64  `json:"hashed_ns"` // when the read began
	Digest   string `json:"digest"`
}

// trusted reports whether e may be reused for a file with identity id.
func (e entry) trusted(id identity) bool {
	return e.identity == id && e.HashedNS-id.MtimeNS >= window(id.MtimeNS) && e.HashedNS-id.CtimeNS >= window(id.CtimeNS)
}

type cacheDoc struct {
	Version int              `json:"version"`
	Entries map[string]entry `json:"entries"`
}

const cacheVersion = 1

// Cache remembers file digests by path and identity (size, mtime, ctime,
// inode, device). Safe for concurrent use; a nil *Cache caches nothing.
type Cache struct {
	root    string
	mu      sync.Mutex
	entries map[string]entry // nil until the first lookup or store reads the file
	dirty   map[string]bool
	keep    map[string]map[string]bool // Keep's folders -> the names kept under each
}

// OpenCache opens the cache of the project at root. A missing, unreadable
// or corrupt cache file gives an empty cache: it is only an optimisation.
// The file is read on first use: a run that hashes nothing (one whose
// decisions come from kfc.lock, engine.Options.UpToDate) never parses it.
func OpenCache(root string) *Cache {
	if a, err := filepath.Abs(root); err == nil {
		root = a
	}
	return &Cache{root: root, dirty: map[string]bool{}}
}

// loadLocked reads the cache file once; c.mu is held.
func (c *Cache) loadLocked() {
	if c.entries == nil {
		c.entries = readDoc(filepath.Join(c.root, CacheFile))
	}
}

func readDoc(path string) map[string]entry {
	var doc cacheDoc
	b, err := os.ReadFile(path)
	if err != nil || json.Unmarshal(b, &doc) != nil || doc.Version != cacheVersion || doc.Entries == nil {
		return map[string]entry{}
	}
	return doc.Entries
}

func (c *Cache) lookup(abs string, id identity) (Digest, bool) {
	if c == nil {
		return Digest{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.loadLocked()
	e, ok := c.entries[c.key(abs)]
	if !ok || !e.trusted(id) {
		return Digest{}, false
	}
	return Digest{Size: id.Size, Digest: e.Digest}, true
}

func (c *Cache) store(abs string, id identity, sum string, hashed time.Time) {
	if c == nil {
		return
	}
	k := c.key(abs)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.loadLocked()
	c.entries[k] = entry{identity: id, HashedNS: hashed.UnixNano(), Digest: sum}
	c.dirty[k] = true
}

// Keep says which of the folders right under dir are still of use: at
// the next Save, entries of files under dir/<name>/ are dropped for every
// other name. kfc exec keeps, under a versioned dataset's base path, the
// versions its run used and kfc.lock records, and under the run folders
// only its own run's: otherwise every version a run saves, and every file
// of every run folder, would stay in the cache for good, and each save
// reads and rewrites the whole file. A version dropped and then loaded
// again (--load-versions) is hashed once more, nothing worse.
func (c *Cache) Keep(dir string, names map[string]bool) {
	if c == nil {
		return
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(c.root, filepath.FromSlash(dir))
	}
	k := c.key(filepath.Clean(dir))
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.keep == nil {
		c.keep = map[string]map[string]bool{}
	}
	c.keep[k] = names
}

// dropped reports whether Keep's folders exclude the entry k: some folder
// given to Keep holds it, in a child not kept. c.mu is held.
func (c *Cache) dropped(k string) bool {
	for i := 0; i < len(k); i++ {
		if k[i] != '/' {
			continue
		}
		names, ok := c.keep[k[:i]]
		if !ok {
			continue
		}
		name, _, nested := strings.Cut(k[i+1:], "/")
		if nested && !names[name] {
			return true
		}
	}
	return false
}

// Save writes the entries this Cache added since it was opened (nothing
// when there are none), less those Keep excludes. Under an flock on
// digests.json.lk it re-reads the file, so entries another process saved
// meanwhile are kept (for a path both hashed, the later hash wins), then
// replaces it atomically (temp file in the same folder, fsync, rename).
func (c *Cache) Save() error {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.dirty) == 0 {
		return nil
	}
	path := filepath.Join(c.root, CacheFile)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	unlock, err := atomicfile.Lock(path + ".lk")
	if err != nil {
		return err
	}
	defer unlock()
	merged := readDoc(path)
	for k := range c.dirty {
		ours := c.entries[k]
		if theirs, ok := merged[k]; !ok || theirs.HashedNS <= ours.HashedNS {
			merged[k] = ours
		}
	}
	if len(c.keep) > 0 {
		for k := range merged {
			if c.dropped(k) {
				delete(merged, k)
			}
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(cacheDoc{Version: cacheVersion, Entries: merged}); err != nil {
		return err
	}
	atomicfile.RemoveStale(path) // of a kfc killed mid-save
	if err := atomicfile.Write(path, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("saving the digest cache: %w", err)
	}
	c.entries = merged
	c.dirty = map[string]bool{}
	return nil
}
