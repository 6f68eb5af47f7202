package where

import (
	"github.com/kfc-dev/kfc/runtime/tracking"
	"github.com/kfc-dev/kfc/runtime/tracking/filestore"
)

// openFileStore opens MLflow's FileStore layout at root.
func openFileStore(root string) (tracking.Store, error) {
	return filestore.Open(root)
}
