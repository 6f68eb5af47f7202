//go:build unix

package digest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"syscall"
)

// hashFile reads path through its bare descriptor: an *os.File is made
// pollable first (two fcntls and an epoll_ctl that a regular file refuses,
// then two fcntls back), which for the small outputs of short nodes cost
// more than the read (docs/bench.md). Open, read, close is all a regular
// file needs.
func hashFile(path string) (string, int64, error) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return "", 0, &os.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	h := sha256.New()
	buf := bufPool.Get().(*[]byte)
	defer bufPool.Put(buf)
	var n int64
	for {
		k, err := syscall.Read(fd, *buf)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return "", 0, fmt.Errorf("reading %s: %w", path, &os.PathError{Op: "read", Path: path, Err: err})
		}
		if k == 0 {
			break
		}
		h.Write((*buf)[:k])
		n += int64(k)
	}
	return Prefix + hex.EncodeToString(h.Sum(nil)), n, nil
}
