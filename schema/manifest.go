package schema

import (
	"fmt"
	"strings"
	"sync"

	"cuelang.org/go/cue"
	cuejson "cuelang.org/go/encoding/json"
)

var (
	manifestOnce   sync.Once
	manifestSchema []byte
	manifestErr    error
)

// ManifestJSONSchema returns the JSON Schema (draft 2020-12) of a run's
// manifest, generated from #Manifest in manifest.cue: indented, keys
// sorted, with a trailing newline.
func ManifestJSONSchema() ([]byte, error) {
	manifestOnce.Do(func() { manifestSchema, manifestErr = definitionJSONSchema("#Manifest", "kfc run manifest") })
	return manifestSchema, manifestErr
}

// CheckManifest checks a manifest's JSON text against #Manifest; name is
// the file name positions are reported with.
func CheckManifest(name string, data []byte) error {
	s, err := Load()
	if err != nil {
		return &InternalError{Err: err}
	}
	expr, err := cuejson.Extract(name, data)
	if err != nil {
		return fmt.Errorf("not JSON: %v", err)
	}
	v := s.Context().BuildExpr(expr)
	if err := v.Err(); err != nil {
		return err
	}
	u := s.Value().LookupPath(cue.ParsePath("#Manifest")).Unify(v)
	if err := u.Validate(cue.Concrete(true)); err != nil {
		return fmt.Errorf("%s", strings.Join(readableErrors(name, err, v), "; "))
	}
	return nil
}
