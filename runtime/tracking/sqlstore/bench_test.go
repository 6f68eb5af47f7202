package sqlstore

import (
	"path/filepath"
	"testing"

	"github.com/kfc-dev/kfc/runtime/tracking/internal/storetest"
)

func benchStore(b *testing.B) *Store {
	dir := b.TempDir()
	s, err := OpenWith(filepath.Join(dir, "mlflow.db"), Options{ArtifactRoot: filepath.Join(dir, "mlruns")})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkLog10000Points logs 10,000 points, one LogBatch call (one
// transaction) per point: what `kfc log metric` in a loop costs.
func BenchmarkLog10000Points(b *testing.B) { storetest.LogPoints(b, benchStore(b), 1) }

// BenchmarkLog10000PointsBatched logs them 1,000 per call (MLflow's batch limit).
func BenchmarkLog10000PointsBatched(b *testing.B) { storetest.LogPoints(b, benchStore(b), 1000) }

// BenchmarkOpenExisting is what each `kfc log` process pays before its
// first write: open, check the schema, prepare the statements.
func BenchmarkOpenExisting(b *testing.B) {
	path := filepath.Join(b.TempDir(), "mlflow.db")
	s, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	s.Close()
	for b.Loop() {
		s, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}
