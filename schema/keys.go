package schema

import "cuelang.org/go/cue"

// Keys lists the keys the struct definitions defs declare (required,
// optional and regular fields), in declaration order, each once: for Go
// readers that take their key sets from the schema rather than repeat them
// (compiler/pipeline's did-you-mean, tests that hold a reader's switch to
// its definition). A definition that does not exist is kfc's bug.
func (s *Schemas) Keys(defs ...string) []string {
	var out []string
	seen := map[string]bool{}
	for _, def := range defs {
		v := s.value.LookupPath(cue.MakePath(cue.Def(def)))
		if !v.Exists() {
			panic(&InternalError{Err: errorf("schema: no definition %s", def)})
		}
		for _, k := range s.structOf(v, def).order {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	return out
}
