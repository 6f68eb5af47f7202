package stamp

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// A file is hashed until a run found it matching when it was old enough;
// then its identity is trusted, for that digest only, and any rewrite
// (even keeping its size and mtime) is hashed again.
func TestReadCheckedTrustsAVerifiedIdentity(t *testing.T) {
	root, p, digest := planCopy(t, "copy")
	if err := Save(root, "id", &Stamp{Plan: digest}, Copies{}); err != nil {
		t.Fatal(err)
	}
	s := Load(root, "id")
	justWritten(t, p) // however long the machine took to get here
	if b := s.ReadChecked(p, "k", digest); string(b) != "plan bytes" || s.NewlyVerified() {
		t.Fatalf("just written: %q, newly verified %v (within the racy window)", b, s.NewlyVerified())
	}
	anHourLater(t)
	if b := s.ReadChecked(p, "k", digest); string(b) != "plan bytes" || !s.NewlyVerified() {
		t.Fatalf("old enough: %q, newly verified %v", b, s.NewlyVerified())
	}
	if err := SaveVerified(root, "id", s); err != nil {
		t.Fatal(err)
	}
	s = Load(root, "id")
	if s.Verified["k"] == "" {
		t.Fatal("the identity was not recorded")
	}
	if b := s.ReadChecked(p, "k", PlanDigest([]byte("other"))); b != nil {
		t.Error("a verified identity was trusted for another digest")
	}
	if b := s.ReadChecked(p, "k", digest); string(b) != "plan bytes" || s.NewlyVerified() {
		t.Errorf("verified: %q, newly verified %v", b, s.NewlyVerified())
	}
	dst := filepath.Join(root, "plan.json")
	if !s.Trusted(p, "k", digest) || !s.CopyTrusted(p, "k", digest, dst) {
		t.Error("a verified file was not copied")
	}
	if b, err := os.ReadFile(dst); err != nil || string(b) != "plan bytes" {
		t.Error("a verified file was not copied")
	}
	st, _ := os.Stat(p)
	os.WriteFile(p, []byte("PLAN BYTES"), 0o644)
	if s.Trusted(p, "k", digest) || s.CopyTrusted(p, "k", digest, dst) {
		t.Error("a rewritten file trusted")
	}
	os.Chtimes(p, st.ModTime(), st.ModTime())
	if b := s.ReadChecked(p, "k", digest); b != nil {
		t.Errorf("rewritten with the same size and mtime: %q trusted", b)
	}
}

// The stamp's plan copy is linked into a run folder, and a link changes
// the copy's change time: it stays trusted. A plan file given is the
// user's: it is copied, never linked. A rewrite of the copy in place
// (through any of its links) is not trusted.
func TestLinkTrustedSharesThePlanCopy(t *testing.T) {
	root, p, digest := planCopy(t, "copy.plan.json")
	anHourLater(t)
	s := &Stamp{Plan: digest}
	for _, key := range []string{linkedKey, "plan file"} {
		if b := s.ReadChecked(p, key, digest); string(b) != "plan bytes" {
			t.Fatalf("%s: %q", key, b)
		}
		s.Verified = s.newly
	}
	same := func(a, b string) bool {
		sa, errA := os.Stat(a)
		sb, errB := os.Stat(b)
		return errA == nil && errB == nil && os.SameFile(sa, sb)
	}
	given := filepath.Join(root, "given.json")
	if !s.LinkTrusted(p, "plan file", digest, given) || same(p, given) {
		t.Error("a trusted plan file given was not copied")
	}
	run1, run2 := filepath.Join(root, "run1.json"), filepath.Join(root, "run2.json")
	if !s.LinkTrusted(p, linkedKey, digest, run1) || !same(p, run1) {
		t.Fatal("the plan copy was not linked")
	}
	if !s.LinkTrusted(p, linkedKey, digest, run2) || !same(p, run2) {
		t.Fatal("the plan copy is not trusted after a link")
	}
	if s.Trusted(p, "plan file", digest) {
		t.Error("a plan file given is trusted after its change time changed")
	}
	if f, err := os.OpenFile(run1, os.O_WRONLY, 0); err == nil { // in place, through the run folder's name
		f.WriteString("PLAN BYTES")
		f.Close()
	}
	if s.Trusted(p, linkedKey, digest) || s.LinkTrusted(p, linkedKey, digest, filepath.Join(root, "run3.json")) {
		t.Error("the copy rewritten in place is still trusted")
	}
}

// planCopy writes "plan bytes" to name in a new folder (Linux only:
// identities need inodes and change times).
func planCopy(t *testing.T, name string) (root, path, digest string) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("identities need inodes and change times")
	}
	root = t.TempDir()
	path = filepath.Join(root, name)
	if err := os.WriteFile(path, []byte("plan bytes"), 0o644); err != nil {
		t.Fatal(err)
	}
	return root, path, PlanDigest([]byte("plan bytes"))
}

// justWritten makes now the moment path was last changed: within the racy
// window, on a busy machine too.
func justWritten(t *testing.T, path string) {
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	now := Now
	Now = func() time.Time { return st.ModTime() }
	t.Cleanup(func() { Now = now })
}

// anHourLater makes every file old enough to be trusted by its identity.
func anHourLater(t *testing.T) {
	now := Now
	Now = func() time.Time { return time.Now().Add(time.Hour) }
	t.Cleanup(func() { Now = now })
}
