package stamp

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/kfc-dev/kfc/runtime/internal/atomicfile"
)

// Dir holds the stamps, one a command line (and working directory).
const Dir = ".kfc/cache/stamps"

// Stamp is one record, .kfc/cache/stamps/<id>.json. It holds names and
// digests, never a value: the environment's values are only in Key.
type Stamp struct {
	Env     []string `json:"env"`     // the variables the build read, sorted
	Exclude []string `json:"exclude"` // project-relative paths the walk skips
	Gob     string   `json:"gob"`     // sha256 of the plan's gob copy ("": none, decode the JSON)
	Key     string   `json:"key"`     // Inputs.Key of the run it records
	Lock    string   `json:"lock"`    // sha256 of kfc.lock's gob copy ("": none, read kfc.lock)
	Plan    string   `json:"plan"`    // sha256 of the plan's bytes
	Replay  string   `json:"replay"`  // sha256 of the replay record ("": none, decide every node)
	// Store is the run's tracking store when it is an SQLite file
	// (sqlite:///PATH, which holds no secret), which the next run opens
	// while it walks the project.
	Store string `json:"store,omitempty"`
	// Verified are the identities of the files ReadChecked found
	// matching, by key (verify.go).
	Verified map[string]string `json:"verified,omitempty"`

	newly map[string]string // verified by this run, not yet recorded
}

// Copies are the files a stamp keeps beside it; a nil one is not kept.
type Copies struct {
	Plan    []byte // the plan's JSON (a plan file's too: a run's plan.json links to kfc's copy, never to the user's file)
	GobPlan []byte // the plan in gob
	GobLock []byte // kfc.lock in gob
	Replay  []byte // what a run from the stamp writes again (cmd/cli's record)
}

// Inputs is everything a stamp's key covers.
type Inputs struct {
	Version string                      // kfc's version
	Args    string                      // the parsed command line and working directory
	Env     []string                    // variable names, sorted
	Getenv  func(string) (string, bool) // their values now
	Tree    string                      // Walk's digest of the project
	Root    string                      // the project root (for kfc.lock's journal and the binary)
}

// Key is a sha256 over the inputs, the kfc binary's identity (a rebuilt
// binary with the same version string is another kfc) and kfc.lock's
// journal (under .kfc/, which the walk skips). ok is false when an input
// cannot be identified: no stamp then.
func Key(in Inputs) (key string, ok bool) {
	h := sha256.New()
	fmt.Fprintf(h, "kfc exec stamp 1\nversion %q\nargs %q\n", in.Version, in.Args)
	exe, err := os.Executable()
	if err != nil {
		return "", false
	}
	fmt.Fprintf(h, "exe %q %s\n", exe, fileIdentity(exe))
	fmt.Fprintf(h, "journal %s\n", fileIdentity(filepath.Join(in.Root, ".kfc", "kfc.lock.journal")))
	for _, name := range in.Env {
		v, set := in.Getenv(name)
		fmt.Fprintf(h, "env %q %t %q\n", name, set, v)
	}
	fmt.Fprintf(h, "tree %s\n", in.Tree)
	return hex.EncodeToString(h.Sum(nil)), true
}

// LockIdentity is the identity of kfc.lock and its journal: a kfc exec
// that runs a node changes it (the journal after the node, kfc.lock at
// the end).
func LockIdentity(root string) string {
	return fileIdentity(filepath.Join(root, "kfc.lock")) + " " + fileIdentity(filepath.Join(root, ".kfc", "kfc.lock.journal"))
}

func fileIdentity(path string) string {
	st, err := os.Stat(path)
	if err != nil {
		return "none"
	}
	return identityOf(st).String()
}

func (id identity) String() string {
	return fmt.Sprintf("%d %d %d %d %d", id.size, id.mtime, id.ctime, id.ino, id.dev)
}

// ID names the stamp of one command line.
func ID(args string) string {
	s := sha256.Sum256([]byte(args))
	return hex.EncodeToString(s[:12])
}

func path(root, id, ext string) string {
	return filepath.Join(root, filepath.FromSlash(Dir), id+ext)
}

// Load reads a stamp; nil when there is none or it cannot be read (a
// stamp is a cache: any doubt is the normal path). Its Key may be empty:
// a stamp that only carries the walk's exclusions.
func Load(root, id string) *Stamp {
	b, err := os.ReadFile(path(root, id, ".json"))
	if err != nil {
		return nil
	}
	var s Stamp
	if json.Unmarshal(b, &s) != nil || s.Plan == "" {
		return nil
	}
	return &s
}

// PlanDigest is the sha256 of a plan's bytes.
func PlanDigest(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// Save writes a stamp and its copies, each file atomically, the copies
// first, so a stamp never names a copy that is not there.
func Save(root, id string, s *Stamp, c Copies) error {
	if err := os.MkdirAll(filepath.Join(root, filepath.FromSlash(Dir)), 0o755); err != nil {
		return err
	}
	for ext, b := range map[string][]byte{".plan.json": c.Plan, ".plan.gob": c.GobPlan, ".lock.gob": c.GobLock, ".replay": c.Replay} {
		if b == nil {
			continue
		}
		if cur, err := os.ReadFile(path(root, id, ext)); err != nil || !bytes.Equal(cur, b) {
			if err := atomicfile.Write(path(root, id, ext), b, 0o644); err != nil {
				return err
			}
		}
	}
	s.Gob, s.Lock, s.Replay = digestOf(c.GobPlan), digestOf(c.GobLock), digestOf(c.Replay)
	s.Verified = nil // new copies: checked again
	b, err := s.encode()
	if err != nil {
		return err
	}
	if err := atomicfile.Write(path(root, id, ".json"), b, 0o644); err != nil {
		return err
	}
	prune(root)
	return nil
}

func (s *Stamp) encode() ([]byte, error) {
	sort.Strings(s.Env)
	b, err := json.Marshal(s)
	return append(b, '\n'), err
}

// digestOf is PlanDigest of a copy, "" for none.
func digestOf(b []byte) string {
	if b == nil {
		return ""
	}
	return PlanDigest(b)
}

// LoadReplay is the stamp's replay record, checked against its digest;
// nil when there is none or it does not match.
func LoadReplay(root, id string, s *Stamp) []byte {
	return readCopy(root, id, ".replay", s, s.Replay)
}

// readCopy reads one of a stamp's copies, nil unless its sha256 is digest.
func readCopy(root, id, ext string, s *Stamp, digest string) []byte {
	p, key := copyPath(root, id, ext)
	return s.ReadChecked(p, key, digest)
}

// copyPath is the path of one of a stamp's copies and its ReadChecked key.
func copyPath(root, id, ext string) (string, string) { return path(root, id, ext), "copy" + ext }

// Remove deletes a stamp and its copies (the stamp first: a stamp never
// names a copy that is not there).
func Remove(root, id string) {
	for _, ext := range []string{".json", ".plan.json", ".plan.gob", ".lock.gob", ".replay"} {
		os.Remove(path(root, id, ext))
	}
}

// Keep is how many stamps a project keeps: one a command line, the least
// recently written removed first.
const Keep = 16

// prune removes the stamps beyond Keep.
func prune(root string) {
	ents, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(Dir)))
	if err != nil {
		return
	}
	type stamped struct {
		id    string
		mtime int64
	}
	var all []stamped
	for _, e := range ents {
		id, ok := strings.CutSuffix(e.Name(), ".json")
		if !ok || strings.Contains(id, ".") {
			continue // a copy, or a temporary file
		}
		if st, err := e.Info(); err == nil {
			all = append(all, stamped{id, st.ModTime().UnixNano()})
		}
	}
	if len(all) <= Keep {
		return
	}
	sort.Slice(all, func(i, j int) bool { return all[i].mtime > all[j].mtime })
	for _, s := range all[Keep:] {
		Remove(root, s.id)
	}
}

// Now is the clock a walk compares timestamps with (tests).
var Now = time.Now
