// Package safefs is the one way kfc reads a file: regular files only
// (a named pipe, a device or a socket is refused before it is read, so it
// can never hang kfc), at most MaxFileSize bytes, and, for a path a
// project names, never outside the project folder once symlinks are
// resolved. Its errors name the path, never the content.
package safefs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"

	"github.com/kfc-dev/kfc/compiler/diag"
)

// MaxFileSize bounds what kfc reads of one file: big enough for a 50 MB
// generated catalog, small enough that a stray data file (or /dev/zero)
// cannot exhaust memory.
const MaxFileSize = 64 << 20

// CodeOutside is the problem of a path that leads out of the project: a
// file a project names, or a symlink met while walking conf/ (lint's
// path-outside-project).
const CodeOutside diag.Code = "safefs.Outside"

// Sentinel errors; the returned errors wrap them (test with errors.Is).
var (
	ErrOutside    = errors.New("outside the project folder")
	ErrNotRegular = errors.New("not a regular file")
	ErrTooLarge   = errors.New("file too large")
)

// Error is a refusal of this package: Path is as the caller named it.
type Error struct {
	Path string
	Err  error  // one of the sentinels
	What string // for ErrNotRegular: "a named pipe (FIFO)", "a device", ...
}

func (e *Error) Error() string {
	switch e.Err {
	case ErrOutside:
		return e.Path + " leads outside the project folder; kfc reads nothing outside it"
	case ErrNotRegular:
		return e.Path + " is " + e.What + ", not a regular file; kfc reads only regular files"
	case ErrTooLarge:
		return fmt.Sprintf("%s is larger than %d MiB; kfc does not read files that big", e.Path, MaxFileSize>>20)
	}
	return e.Path + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// readHook, when set, sees every read before it happens (SetReadHook).
var readHook atomic.Pointer[func(root, path string) error]

// SetReadHook makes hook see every file read (ReadFile with its root and
// project-relative path, ReadRegular with root "" and its path) before it
// happens; a non-nil result fails the read with that error. It is for
// tests that prove who reads what (pyproject.toml once per run, no reads
// while a plan compiles). It returns the function that removes the hook.
func SetReadHook(hook func(root, path string) error) (restore func()) {
	old := readHook.Swap(&hook)
	return func() { readHook.Store(old) }
}

func hooked(root, path string) error {
	if h := readHook.Load(); h != nil && *h != nil {
		return (*h)(root, path)
	}
	return nil
}

// Kind names a non-regular file mode for messages ("" for a regular file).
func Kind(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return ""
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "not a regular file"
}

// ReadFile reads the file at rel, a path a project file names relative to
// the project folder root (slash- or OS-separated; absolute paths and
// paths climbing out with ".." are refused). Symlinks are followed only
// while they stay inside root (os.Root does the confined walk). The file
// is checked with stat before it is opened, opened non-blocking and
// checked again on the open descriptor, so a swap in between cannot make
// kfc block on a pipe.
func ReadFile(root, rel string) ([]byte, error) {
	if err := hooked(root, rel); err != nil {
		return nil, err
	}
	r, name, fi, err := statIn(root, rel)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	if k := Kind(fi.Mode()); k != "" {
		return nil, &Error{Path: rel, Err: ErrNotRegular, What: k}
	}
	f, err := r.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, classify(root, rel, err)
	}
	return readOpen(f, rel)
}

// Stat is os.Stat of a project-relative path, confined like ReadFile.
func Stat(root, rel string) (fs.FileInfo, error) {
	r, _, fi, err := statIn(root, rel)
	if err != nil {
		return nil, err
	}
	r.Close()
	return fi, nil
}

// statIn confines rel, opens root and stats rel inside it. On success the
// caller closes the root; name is rel as the root takes it.
func statIn(root, rel string) (r *os.Root, name string, fi fs.FileInfo, err error) {
	name, err = confine(root, rel)
	if err != nil {
		return nil, "", nil, err
	}
	r, err = os.OpenRoot(root)
	if err != nil {
		return nil, "", nil, err
	}
	fi, err = r.Stat(name)
	if err != nil {
		r.Close()
		return nil, "", nil, classify(root, rel, err)
	}
	return r, name, fi, nil
}

// ReadRegular reads the file at path, which the caller has already
// confined (a file found by a walk that stays inside the project, or a
// file named on the command line): non-blocking open, fstat, size cap.
// Errors name display, the path as the user should see it.
func ReadRegular(path, display string) ([]byte, error) {
	if err := hooked("", path); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	return readOpen(f, display)
}

// readOpen checks the open file's type and size, reads it and closes it.
func readOpen(f *os.File, display string) ([]byte, error) {
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if k := Kind(fi.Mode()); k != "" {
		return nil, &Error{Path: display, Err: ErrNotRegular, What: k}
	}
	if fi.Size() > MaxFileSize {
		return nil, &Error{Path: display, Err: ErrTooLarge}
	}
	// One allocation of the right size, plus one byte to see growth past
	// the cap (a file being written while kfc reads it).
	buf := make([]byte, 0, fi.Size()+1)
	for {
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if len(buf) > MaxFileSize {
			return nil, &Error{Path: display, Err: ErrTooLarge}
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
}

// confine turns rel into a local path for os.Root, refusing absolute
// paths outside root and paths that climb out of it.
func confine(root, rel string) (string, error) {
	name := filepath.FromSlash(rel)
	if filepath.IsAbs(name) {
		r, err := filepath.Rel(root, name)
		if err != nil || !filepath.IsLocal(r) {
			return "", &Error{Path: rel, Err: ErrOutside}
		}
		name = r
	}
	if !filepath.IsLocal(name) {
		if filepath.Clean(name) == "." {
			return ".", nil
		}
		return "", &Error{Path: rel, Err: ErrOutside}
	}
	return name, nil
}

// classify turns an os.Root error into ErrOutside when a symlink led out
// of root (os.Root's own error for that is not exported), else keeps it.
func classify(root, rel string, err error) error {
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
		return err
	}
	if real, rerr := filepath.EvalSymlinks(filepath.Join(root, filepath.FromSlash(rel))); rerr == nil {
		if realRoot, rerr := filepath.EvalSymlinks(root); rerr == nil && !Within(realRoot, real) {
			return &Error{Path: rel, Err: ErrOutside}
		}
	}
	var pe *fs.PathError
	if errors.As(err, &pe) && strings.Contains(pe.Err.Error(), "escapes") {
		return &Error{Path: rel, Err: ErrOutside}
	}
	return err
}

// Within reports whether path is root or inside it; both must be clean
// absolute paths with symlinks resolved.
func Within(root, path string) bool {
	if path == root {
		return true
	}
	if !strings.HasSuffix(root, string(filepath.Separator)) {
		root += string(filepath.Separator)
	}
	return strings.HasPrefix(path, root)
}

// Message is err as a finding shows it: a refusal of this package as is,
// an I/O error without the absolute path it carries.
func Message(err error) string {
	var se *Error
	if errors.As(err, &se) {
		return se.Error()
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// ReadArg reads a file the user named on the command line (a plan to
// diff or validate): a pipe is allowed there (`<(git show old:plan.json)`
// is one) and may block as the user asked, but at most MaxFileSize bytes
// are read, so /dev/zero is refused rather than exhausting memory.
func ReadArg(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, &Error{Path: path, Err: ErrNotRegular, What: "a folder"}
	}
	b, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxFileSize {
		return nil, &Error{Path: path, Err: ErrTooLarge}
	}
	return b, nil
}

// Disk is the real disk as the plan compiler sees it (plan.Disk): every
// access goes through the read hook, so a test can prove that compiling a
// plan reads nothing but what it is handed.
type Disk struct{}

// Stat is os.Stat.
func (Disk) Stat(name string) (fs.FileInfo, error) {
	if err := hooked("", name); err != nil {
		return nil, err
	}
	return os.Stat(name)
}

// ReadFile is os.ReadFile: a source file the plan digests, where it is.
func (Disk) ReadFile(name string) ([]byte, error) {
	if err := hooked("", name); err != nil {
		return nil, err
	}
	return os.ReadFile(name)
}

// ReadProjectFile is ReadFile of this package: confined to root.
func (Disk) ReadProjectFile(root, rel string) ([]byte, error) { return ReadFile(root, rel) }
