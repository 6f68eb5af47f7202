//go:build darwin || freebsd || netbsd || openbsd

package digest

import (
	"os"
	"syscall"
)

// inodeOf is the change time, inode and device of a stat result.
func inodeOf(st os.FileInfo) (ctimeNS int64, ino, dev uint64) {
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		return int64(s.Ctimespec.Sec)*1e9 + int64(s.Ctimespec.Nsec), uint64(s.Ino), uint64(s.Dev)
	}
	return 0, 0, 0
}
