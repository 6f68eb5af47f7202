package kedrorun

import (
	"bytes"
	"os"
	"sync"
	"testing"
)

// Kedro nodes that start together all write the runner into the run
// folder: every call must succeed and leave the whole script.
func TestWriteScriptConcurrent(t *testing.T) {
	for round := 0; round < 20; round++ {
		dir := t.TempDir()
		var wg sync.WaitGroup
		errs := make(chan error, 16)
		for i := 0; i < 16; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				path, err := WriteScript(dir)
				if err != nil {
					errs <- err
					return
				}
				if b, err := os.ReadFile(path); err != nil || !bytes.Equal(b, runnerScript) {
					errs <- os.ErrInvalid
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("round %d: %v", round, err)
		}
	}
}
