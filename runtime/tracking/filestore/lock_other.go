//go:build !unix

package filestore

// lock is a no-op where flock does not exist; meta.yaml is still replaced
// whole by a rename.
func lock(string) (func(), error) { return func() {}, nil }
