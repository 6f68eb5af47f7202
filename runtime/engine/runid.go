package engine

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"time"
)

// newRunID is a UUIDv7 (RFC 9562) written as 32 hex digits: the form of an
// MLflow run id, so .kfc/runs/<run_id> can carry the tracking run's id,
// and, unlike MLflow's uuid4, sorted by creation time (its first 48 bits
// are the Unix time in milliseconds), so `ls .kfc/runs` lists runs in order.
func newRunID(t time.Time) string {
	var u [16]byte
	if _, err := rand.Read(u[6:]); err != nil {
		panic(err) // crypto/rand never fails on Linux
	}
	ms := uint64(t.UnixMilli())
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], ms)
	copy(u[0:6], b[2:8])
	u[6] = 0x70 | u[6]&0x0f // version 7
	u[8] = 0x80 | u[8]&0x3f // variant 10
	return hex.EncodeToString(u[:])
}

// SaveVersionFormat is Kedro's version string (generate_timestamp):
// UTC, millisecond precision, dots instead of colons so it is a valid
// folder name everywhere.
const SaveVersionFormat = "2006-01-02T15.04.05.000Z"

func saveVersion(t time.Time) string { return t.UTC().Format(SaveVersionFormat) }
