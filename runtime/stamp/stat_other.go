//go:build !linux

package stamp

import (
	"io/fs"
	"os"
	"path/filepath"
)

// identityOf has no change time here: a tree is then never stamped (a
// file can be modified keeping its size and mtime).
func identityOf(st fs.FileInfo) identity {
	return identity{size: st.Size(), mtime: st.ModTime().UnixNano(), mode: uint32(st.Mode())}
}

type dirAt struct{ dir string }

func openDir(f *os.File) dirAt { return dirAt{f.Name()} }

// lstat is the identity of name in the folder, and whether it is a
// symbolic link.
func (d dirAt) lstat(name string) (identity, bool, error) {
	st, err := os.Lstat(filepath.Join(d.dir, name))
	if err != nil {
		return identity{}, false, err
	}
	return identityOf(st), st.Mode()&fs.ModeSymlink != 0, nil
}
