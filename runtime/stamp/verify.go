package stamp

import (
	"io"
	"maps"
	"os"

	"github.com/kfc-dev/kfc/internal/safefs"
	"github.com/kfc-dev/kfc/runtime/internal/atomicfile"
)

// A file a stamp depends on by content (its copies, a plan file given)
// is checked against its sha256, about 1 ms a megabyte. Once a run found
// it matching, and old enough that a later change must show in its
// identity (size, mtime, ctime, inode, device: what the walk trusts for
// every project file), the identity is recorded in the stamp and later
// runs compare it instead of hashing. A file checked within the
// timestamp granularity of its last change is hashed again next time
// (git's "racily clean").

// ReadChecked is the content of path if its sha256 is digest, else nil;
// key names the file in the stamp's record of verified identities.
func (s *Stamp) ReadChecked(path, key, digest string) []byte {
	if digest == "" {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	before, err := f.Stat()
	if err != nil || !before.Mode().IsRegular() || before.Size() > safefs.MaxFileSize {
		// A pipe (a plan given as <(...)) has no identity: hashed.
		b, err := safefs.ReadArg(path)
		if err != nil || PlanDigest(b) != digest {
			return nil
		}
		return b
	}
	b := make([]byte, before.Size())
	if _, err := io.ReadFull(f, b); err != nil {
		return nil
	}
	after, err := f.Stat()
	if err != nil {
		return nil
	}
	id, idAfter := identityOf(before), identityOf(after)
	if !id.ok || id != idAfter { // no identity here, or changed while read
		if PlanDigest(b) != digest {
			return nil
		}
		return b
	}
	if s.trusts(id, key, digest) {
		return b
	}
	if PlanDigest(b) != digest {
		return nil
	}
	if t, now := trustedIdentity(key, id), Now().UnixNano(); !racy(now, t.mtime) && !racy(now, t.ctime) {
		if s.newly == nil {
			s.newly = map[string]string{}
		}
		s.newly[key] = t.String() + " " + digest // trusted for this content only
	}
	return b
}

// linkedKey is the stamp's copy of a project's plan: every run from the
// stamp makes its plan.json a hard link to it (LinkTrusted), and a link
// changes the file's change time, so its identity leaves that out. Only
// kfc writes it, by rename (a new inode); a rewrite in place through a
// run folder's plan.json still changes its mtime.
const linkedKey = "copy.plan.json"

// trustedIdentity is what of id is trusted for the file under key (a
// ctime of 0 is never racy).
func trustedIdentity(key string, id identity) identity {
	if key == linkedKey {
		id.ctime = 0
	}
	return id
}

func (s *Stamp) trusts(id identity, key, digest string) bool {
	return id.ok && digest != "" && s.Verified[key] == trustedIdentity(key, id).String()+" "+digest
}

// Trusted reports whether path is, by its identity, the file a run
// verified for digest under key: it need not be read to be checked.
func (s *Stamp) Trusted(path, key, digest string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular() && s.trusts(identityOf(st), key, digest)
}

// CopyTrusted copies path to dst, a new file, and reports whether path
// was Trusted before and after the copy (the kernel copies: nothing is
// read into memory). When false, dst is to be written from checked bytes.
func (s *Stamp) CopyTrusted(path, key, digest, dst string) bool {
	src, err := os.Open(path)
	if err != nil {
		return false
	}
	defer src.Close()
	before, err := src.Stat()
	if err != nil || !before.Mode().IsRegular() || !s.trusts(identityOf(before), key, digest) {
		return false
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return false
	}
	n, err := io.Copy(out, src)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	after, serr := src.Stat()
	return err == nil && serr == nil && n == before.Size() && identityOf(after) == identityOf(before)
}

// LinkTrusted makes dst, a new file, a hard link to the stamp's plan copy
// when that is Trusted (a 1.5 MB copy was a tenth of a no-op run of
// 1,000 nodes), else it is CopyTrusted: a plan file given is the user's,
// and another file system has no links to give.
func (s *Stamp) LinkTrusted(path, key, digest, dst string) bool {
	if key != linkedKey {
		return s.CopyTrusted(path, key, digest, dst)
	}
	if !s.Trusted(path, key, digest) {
		return false
	}
	if os.Link(path, dst) != nil {
		return s.CopyTrusted(path, key, digest, dst)
	}
	if s.Trusted(path, key, digest) { // not replaced meanwhile
		return true
	}
	os.Remove(dst)
	return false
}

// PlanSource is the file a stamp's plan bytes are read from and its key
// for ReadChecked: the plan file given, else the stamp's copy.
func PlanSource(root, id, planFile string) (path, key string) {
	if planFile != "" {
		return planFile, "plan file"
	}
	return copyPath(root, id, ".plan.json")
}

// NewlyVerified reports whether ReadChecked found files to trust by
// their identity from now on, which SaveVerified records.
func (s *Stamp) NewlyVerified() bool { return len(s.newly) > 0 }

// SaveVerified rewrites the stamp with the identities ReadChecked
// verified. Another kfc exec that replaced a copy meanwhile gave it a new
// inode: its identity then differs, and it is hashed.
func SaveVerified(root, id string, s *Stamp) error {
	c := *s
	c.Verified = maps.Clone(s.Verified)
	if c.Verified == nil {
		c.Verified = map[string]string{}
	}
	maps.Copy(c.Verified, s.newly)
	b, err := c.encode()
	if err != nil {
		return err
	}
	return atomicfile.Write(path(root, id, ".json"), b, 0o644)
}
