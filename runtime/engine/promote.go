package engine

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
)

// promote moves a node's staged output to its final place by rename, so a
// reader sees either the old output or the whole new one. A folder (a
// PartitionedDataset, an MLflow model) is promoted whole: the old folder is
// moved aside, the new one renamed in, the old one removed. When staging and
// the final place are on different file systems (data/ a mount), the staged
// output is first copied next to the final place, then renamed.
func promote(staged, final string) error {
	// The common case, a file replacing a file (or nothing) in a folder
	// that exists: one rename and nothing else. Where rename succeeds, what
	// it does is what the cases below would do (a folder onto nothing or
	// onto an empty folder too); where it fails, it changed nothing.
	if os.Rename(staged, final) == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return err
	}
	if st, err := os.Lstat(staged); err == nil && !st.IsDir() {
		if old, err := os.Lstat(final); err != nil || !old.IsDir() {
			err := os.Rename(staged, final)
			if err == nil || !errors.Is(err, syscall.EXDEV) {
				return err
			}
		}
	}
	src := staged
	if err := os.Rename(staged, final+".kfc-probe"); err == nil {
		src = final + ".kfc-probe" // same file system: now a sibling of final
	} else if errors.Is(err, syscall.EXDEV) {
		src = final + ".kfc-copy"
		os.RemoveAll(src)
		if err := copyTree(staged, src); err != nil {
			os.RemoveAll(src)
			return fmt.Errorf("copying %s: %w", staged, err)
		}
	} else {
		return err
	}
	st, err := os.Lstat(src)
	if err != nil {
		return err
	}
	old, err := os.Lstat(final)
	if err != nil || (!st.IsDir() && !old.IsDir()) {
		return os.Rename(src, final) // a file replaces a file atomically
	}
	aside := final + ".kfc-old"
	os.RemoveAll(aside)
	if err := os.Rename(final, aside); err != nil {
		return err
	}
	if err := os.Rename(src, final); err != nil {
		_ = os.Rename(aside, final)
		return err
	}
	return os.RemoveAll(aside)
}

// copyTree copies a file or a folder (regular files, folders, symlinks).
func copyTree(src, dst string) error {
	return filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		switch {
		case info.IsDir():
			return os.MkdirAll(to, info.Mode().Perm()|0o700)
		case info.Mode()&os.ModeSymlink != 0:
			l, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(l, to)
		default:
			in, err := os.Open(p)
			if err != nil {
				return err
			}
			defer in.Close()
			out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, info.Mode().Perm())
			if err != nil {
				return err
			}
			if _, err := io.Copy(out, in); err != nil {
				out.Close()
				return err
			}
			return out.Close()
		}
	})
}
