package lint

import (
	"github.com/kfc-dev/kfc/internal/pool"
	"github.com/kfc-dev/kfc/schema"
)

// Warm starts the project-independent work of a vet (compiling the
// embedded CUE schemas) in the background, so it overlaps with loading the
// project on a second core. Later callers of schema.Load wait for it.
func Warm() {
	pool.Go(func() { _, _ = schema.Load() })
}
