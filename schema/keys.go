package schema

import (
	"sort"

	"cuelang.org/go/cue"
)

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

// UnknownKey is a key of a decoded document that its definition does not
// allow, with the keys allowed there (for did-you-mean).
type UnknownKey struct {
	Path  []string // keys from the root to the table holding Key
	Key   string
	Known []string
}

// UnknownKeys walks a decoded TOML or JSON document (maps, lists, scalars
// as encoding/json or BurntSushi/toml give them) against definition def
// and returns its keys that a closed struct of def does not allow, sorted
// by path. Values of a kind def refuses are left to the reader, which
// words them.
func (s *Schemas) UnknownKeys(def string, doc map[string]any) []UnknownKey {
	v := s.value.LookupPath(cue.MakePath(cue.Def(def)))
	if !v.Exists() {
		panic(&InternalError{Err: errorf("schema: no definition %s", def)})
	}
	var out []UnknownKey
	s.unknownKeys(v, def, doc, nil, &out)
	return out
}

func (s *Schemas) unknownKeys(v cue.Value, sid string, doc any, path []string, out *[]UnknownKey) {
	switch doc := doc.(type) {
	case map[string]any:
		if v.IncompleteKind()&cue.StructKind == 0 {
			return
		}
		st := s.structOf(v, sid)
		keys := make([]string, 0, len(doc))
		for k := range doc {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			switch fi := st.fields[k]; {
			case fi != nil:
				s.unknownKeys(fi.value, fi.sid, doc[k], appendPath(path, k), out)
			case st.freeKeys:
			case !st.value.Allows(cue.Str(k)):
				*out = append(*out, UnknownKey{Path: path, Key: k, Known: st.order})
			default:
				s.unknownKeys(s.pattern(st, k), sid+".*"+k, doc[k], appendPath(path, k), out)
			}
		}
	case []map[string]any: // a TOML array of tables
		items := make([]any, len(doc))
		for i, item := range doc {
			items[i] = item
		}
		s.unknownKeys(v, sid, items, path, out)
	case []any:
		if v.IncompleteKind()&cue.ListKind == 0 {
			return
		}
		elem := branch(v, cue.ListKind).LookupPath(cue.MakePath(cue.AnyIndex))
		if !elem.Exists() {
			return
		}
		for _, item := range doc {
			s.unknownKeys(elem, sid+"[]", item, path, out)
		}
	}
}
