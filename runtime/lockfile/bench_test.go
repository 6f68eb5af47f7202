package lockfile

import (
	"fmt"
	"testing"
)

// BenchmarkWrite1000 is one Write of a lock of 1,000 entries: the cost kfc
// exec pays after each node of a 1,000-node run.
func BenchmarkWrite1000(b *testing.B) {
	root := b.TempDir()
	l, _ := Read(root)
	for i := 0; i < 1000; i++ {
		l.Set(fmt.Sprintf("node.n%04d", i), entry(fmt.Sprintf("sha256:%d", i)))
	}
	if err := l.Write(root); err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		i++
		l.Set("node.n0001", entry(fmt.Sprintf("sha256:x%d", i)))
		if err := l.Write(root); err != nil {
			b.Fatal(err)
		}
	}
}
