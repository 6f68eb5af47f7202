package digest

import (
	"crypto/rand"
	"os"
	"path/filepath"
	"testing"
)

func bigFile(b *testing.B) (root, path string) {
	b.Helper()
	root = b.TempDir()
	path = filepath.Join(root, "big.bin")
	data := make([]byte, 64<<20)
	rand.Read(data)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	age(b, path)
	return root, path
}

// BenchmarkSumCold reads and hashes a 64 MiB file every time.
func BenchmarkSumCold(b *testing.B) {
	_, path := bigFile(b)
	b.SetBytes(64 << 20)
	for b.Loop() {
		if _, err := Sum(path); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSumCached is a no-op rerun: the cache answers from one stat.
func BenchmarkSumCached(b *testing.B) {
	root, path := bigFile(b)
	c := OpenCache(root)
	c.Sum(path)
	rewind(c)
	for b.Loop() {
		if _, err := c.Sum(path); err != nil {
			b.Fatal(err)
		}
	}
}
