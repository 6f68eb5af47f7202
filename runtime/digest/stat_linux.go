package digest

import (
	"os"
	"syscall"
)

// inodeOf is the change time, inode and device of a stat result.
func inodeOf(st os.FileInfo) (ctimeNS int64, ino, dev uint64) {
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		return s.Ctim.Sec*1e9 + s.Ctim.Nsec, s.Ino, uint64(s.Dev)
	}
	return 0, 0, 0
}
