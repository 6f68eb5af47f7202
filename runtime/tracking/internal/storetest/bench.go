package storetest

import (
	"context"
	"testing"

	"github.com/kfc-dev/kfc/runtime/tracking"
)

// BenchPoints is the target: 10,000 metric points in under 1 s.
const BenchPoints = 10000

// LogPoints is one benchmark iteration: a new run, then BenchPoints
// points of one metric, batch points per LogBatch call.
func LogPoints(b *testing.B, s tracking.Store, batch int) {
	b.Helper()
	ctx := context.Background()
	cpu0 := cpuTime()
	for b.Loop() {
		info, err := s.CreateRun(ctx, tracking.CreateRunRequest{ExperimentID: "0", RunName: "bench", StartTime: 1})
		if err != nil {
			b.Fatal(err)
		}
		ms := make([]tracking.Metric, 0, batch)
		for i := 0; i < BenchPoints; i++ {
			ms = append(ms, tracking.Metric{Key: "loss", Value: 1 / float64(i+1), Timestamp: int64(1700000000000 + i), Step: int64(i)})
			if len(ms) == batch {
				if err := s.LogBatch(ctx, info.RunID, ms, nil, nil); err != nil {
					b.Fatal(err)
				}
				ms = ms[:0]
			}
		}
	}
	// The machine is shared: CPU time per iteration says what the store
	// costs when wall time also holds waiting for a core.
	if d := cpuTime() - cpu0; d > 0 {
		b.ReportMetric(float64(d.Milliseconds())/float64(b.N), "cpu-ms/op")
	}
}
