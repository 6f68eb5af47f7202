package manifest_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/internal/schematest"
	"github.com/kfc-dev/kfc/runtime/manifest"
)

// TestManifestTypeIsManifestCUE: the Go type manifests are written from
// and #Manifest in schema/manifest.cue (which Read checks them against)
// declare the same fields, the same required ones, the same kinds.
func TestManifestTypeIsManifestCUE(t *testing.T) {
	if d := schematest.GoTypeDiffers(reflect.TypeOf(manifest.Manifest{}), "#Manifest"); len(d) > 0 {
		t.Errorf("runtime/manifest and #Manifest differ:\n%s", strings.Join(d, "\n"))
	}
}
