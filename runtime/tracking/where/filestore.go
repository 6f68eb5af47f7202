package where

import (
	"fmt"

	"github.com/kfc-dev/kfc/runtime/tracking"
)

// openFileStore opens MLflow's FileStore layout at root.
// TODO(track-stores): replace with filestore.Open once merged.
func openFileStore(root string) (tracking.Store, error) {
	return nil, fmt.Errorf("FileStore %s: not available in this build", root)
}
