//go:build !linux && !darwin && !freebsd && !netbsd && !openbsd

package digest

import "os"

// inodeOf has no change time or inode here (Windows): a cached digest is
// then trusted by size and modification time alone.
func inodeOf(os.FileInfo) (ctimeNS int64, ino, dev uint64) { return 0, 0, 0 }
