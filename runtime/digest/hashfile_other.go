//go:build !unix

package digest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
)

func hashFile(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	buf := bufPool.Get().(*[]byte)
	defer bufPool.Put(buf)
	n, err := io.CopyBuffer(h, onlyReader{f}, *buf)
	if err != nil {
		return "", 0, fmt.Errorf("reading %s: %w", path, err)
	}
	return Prefix + hex.EncodeToString(h.Sum(nil)), n, nil
}

// onlyReader hides *os.File's WriterTo so io.CopyBuffer uses our buffer.
type onlyReader struct{ io.Reader }
