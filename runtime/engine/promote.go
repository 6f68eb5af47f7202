package engine

import "os"

// promote moves a node's staged output, a sibling of its final place
// (staging.go), to that place by rename, so a reader sees either the old
// output or the whole new one. A folder (a PartitionedDataset, an MLflow
// model) is promoted whole: the old folder is moved aside, the new one
// renamed in, the old one removed. The sibling is in the final place's
// folder, so on its file system: promoting never copies.
func promote(staged, final string) error {
	// The common case, a file replacing a file (or nothing): one rename and
	// nothing else. Where rename succeeds, what it does is what the cases
	// below would do (a folder onto nothing or onto an empty folder too);
	// where it fails, it changed nothing.
	if os.Rename(staged, final) == nil {
		return nil
	}
	st, err := os.Lstat(staged)
	if err != nil {
		return err
	}
	old, err := os.Lstat(final)
	if err != nil || (!st.IsDir() && !old.IsDir()) {
		return os.Rename(staged, final) // the first rename's error, again
	}
	aside := final + ".kfc-old"
	os.RemoveAll(aside)
	if err := os.Rename(final, aside); err != nil {
		return err
	}
	if err := os.Rename(staged, final); err != nil {
		_ = os.Rename(aside, final)
		return err
	}
	return os.RemoveAll(aside)
}
