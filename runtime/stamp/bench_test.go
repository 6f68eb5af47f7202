package stamp

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkWalk1000Nodes walks the tree of the no-op benchmark's shape
// (scripts/bench.sh): 1,000 inputs and 1,000 outputs in two folders, and
// a small conf/.
func BenchmarkWalk1000Nodes(b *testing.B) {
	root := b.TempDir()
	for _, d := range []string{"data/01_raw", "data/02_intermediate", "conf/base", "conf/local"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			b.Fatal(err)
		}
	}
	for i := range 1000 {
		for _, p := range []string{"data/01_raw/in_%04d.txt", "data/02_intermediate/out_%04d.txt"} {
			if err := os.WriteFile(filepath.Join(root, fmt.Sprintf(p, i)), []byte("x"), 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	for _, f := range []string{"conf/base/catalog.yml", "conf/base/parameters.yml", "conf/local/credentials.yml", "pyproject.toml"} {
		if err := os.WriteFile(filepath.Join(root, f), []byte("{}\n"), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	now := time.Now().Add(time.Hour)
	for b.Loop() {
		if _, err := Walk(root, DefaultExclude, now); err != nil {
			b.Fatal(err)
		}
	}
}
