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

// BenchmarkEncode1000 is the encoding of a lock of 1,000 entries: what
// Flush writes at the end of a 1,000-node run.
func BenchmarkEncode1000(b *testing.B) {
	l := &Lock{}
	for i := 0; i < 1000; i++ {
		l.Set(fmt.Sprintf("node.n%04d", i), entry(fmt.Sprintf("sha256:%d", i)))
	}
	for b.Loop() {
		if _, err := l.Encode(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAppend is one node's record in a run: Set, then Append.
func BenchmarkAppend(b *testing.B) {
	root := b.TempDir()
	l, _ := Read(root)
	i := 0
	for b.Loop() {
		i++
		l.Set(fmt.Sprintf("node.n%06d", i), entry("sha256:x"))
		if err := l.Append(root); err != nil {
			b.Fatal(err)
		}
	}
	l.Flush(root)
}
