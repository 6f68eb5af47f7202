package filestore

import (
	"path/filepath"
	"testing"

	"github.com/kfc-dev/kfc/runtime/tracking/internal/storetest"
)

func benchStore(b *testing.B) *Store {
	s, err := Open(filepath.Join(b.TempDir(), "mlruns"))
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkLog10000Points logs 10,000 points, one LogBatch call (one
// appended line) per point: what `kfc log metric` in a loop costs.
func BenchmarkLog10000Points(b *testing.B) { storetest.LogPoints(b, benchStore(b), 1) }

// BenchmarkLog10000PointsBatched logs them 1,000 per call (MLflow's batch limit).
func BenchmarkLog10000PointsBatched(b *testing.B) { storetest.LogPoints(b, benchStore(b), 1000) }

// BenchmarkOpenExisting is what each `kfc log` process pays before its first write.
func BenchmarkOpenExisting(b *testing.B) {
	root := filepath.Join(b.TempDir(), "mlruns")
	if _, err := Open(root); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Open(root); err != nil {
			b.Fatal(err)
		}
	}
}
