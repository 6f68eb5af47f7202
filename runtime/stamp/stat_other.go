//go:build !linux

package stamp

import "io/fs"

// identityOf has no change time here: a tree is then never stamped (a
// file can be modified keeping its size and mtime).
func identityOf(st fs.FileInfo) identity {
	return identity{size: st.Size(), mtime: st.ModTime().UnixNano()}
}
