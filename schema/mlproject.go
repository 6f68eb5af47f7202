package schema

import (
	"fmt"
	"sync"

	"cuelang.org/go/cue"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// ShapeFinding is one place where a tree does not fit a schema definition,
// for packages that word their own messages (compiler/mlproject).
type ShapeFinding struct {
	Kind  string   // "unknown-key", "missing-key" or "invalid-value"
	Path  []string // keys and list indexes from the root to the map holding Key, or to the bad value
	Key   string   // unknown-key, missing-key
	Pos   diag.Pos // the key (unknown-key), the map (missing-key) or the value
	Msg   string   // invalid-value: why, e.g. `expected a mapping, got null`
	Known []string // unknown-key: the keys the map allows, in schema order
}

var (
	mlprojectOnce   sync.Once
	mlprojectSchema []byte
	mlprojectErr    error
)

// MLprojectJSONSchema returns the JSON Schema (draft 2020-12) of MLflow's
// MLproject file, generated from #MLproject in mlproject.cue, for editors
// (`kfc schema mlproject`).
func MLprojectJSONSchema() ([]byte, error) {
	mlprojectOnce.Do(func() {
		mlprojectSchema, mlprojectErr = definitionJSONSchema("#MLproject", "MLflow MLproject (as kfc checks it)")
	})
	return mlprojectSchema, mlprojectErr
}

// CheckMLproject checks an MLproject tree (read with tree.PyYAML typing)
// against #MLproject in mlproject.cue, in one pass, every finding at the
// data's position.
func (s *Schemas) CheckMLproject(root *tree.Node) []ShapeFinding {
	return s.checkShape("#MLproject", root)
}

func (s *Schemas) checkShape(def string, root *tree.Node) []ShapeFinding {
	if root == nil {
		return nil
	}
	v := s.value.LookupPath(cue.MakePath(cue.Def(def)))
	if err := v.Err(); err != nil {
		panic(&InternalError{Err: fmt.Errorf("schema: %s: %v", def, err)})
	}
	w := &walker{s: s}
	w.node(v, def, root, nil)
	out := make([]ShapeFinding, 0, len(w.out))
	for _, f := range w.out {
		sf := ShapeFinding{Path: f.path, Key: f.key, Pos: f.pos, Msg: f.msg, Known: f.known}
		switch f.kind {
		case unknownKey:
			sf.Kind = "unknown-key"
		case missingKey:
			sf.Kind = "missing-key"
		default:
			sf.Kind = "invalid-value"
		}
		out = append(out, sf)
	}
	return out
}
