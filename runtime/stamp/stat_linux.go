package stamp

import (
	"io/fs"
	"syscall"
)

func identityOf(st fs.FileInfo) identity {
	id := identity{size: st.Size(), mtime: st.ModTime().UnixNano()}
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		id.ctime, id.ino, id.dev, id.ok = s.Ctim.Sec*1e9+s.Ctim.Nsec, s.Ino, uint64(s.Dev), true
	}
	return id
}
