package schema

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"

	"cuelang.org/go/cue"
)

// verdict is what a jsonShape says of a document.
type verdict int

const (
	fits    verdict = iota
	misfits         // the document does not fit the definition
	unsure          // not plain JSON as the scanner reads it: let CUE decide
)

// check scans data, strict JSON, against sh in one pass, building nothing
// but the scalars it compares.
func (s *Schemas) check(sh *jsonShape, data []byte) verdict {
	if !utf8.Valid(data) {
		return unsure
	}
	sc := &scanner{s: s, b: data}
	ok := sc.value(sh)
	if sc.bad {
		return unsure
	}
	sc.ws()
	if sc.i != len(sc.b) {
		return unsure
	}
	if !ok {
		return misfits
	}
	return fits
}

type scanner struct {
	s    *Schemas
	b    []byte
	i    int
	bad  bool     // a syntax the scanner does not take: the verdict is unsure
	keys [][]byte // keys of the objects being read, innermost last
}

func (sc *scanner) ws() {
	for sc.i < len(sc.b) {
		switch sc.b[sc.i] {
		case ' ', '\t', '\n', '\r':
			sc.i++
		default:
			return
		}
	}
}

// value reads one JSON value at sc.i and reports whether it fits sh (nil:
// no constraint); it reads the whole value either way.
func (sc *scanner) value(sh *jsonShape) bool {
	sc.ws()
	if sc.i >= len(sc.b) {
		sc.bad = true
		return false
	}
	if sh != nil && sh.alts != nil {
		start := sc.i
		for _, a := range sh.alts {
			sc.i = start
			if sc.value(a) && !sc.bad {
				return true
			}
			if sc.bad {
				return false
			}
		}
		return false // sc.i is past the value: the last alternative read it
	}
	if sh != nil && sh.any {
		sh = nil
	}
	switch c := sc.b[sc.i]; {
	case c == '{':
		return sc.object(sh)
	case c == '[':
		return sc.array(sh)
	case c == '"':
		str, ok := sc.str()
		if !ok {
			return false
		}
		return sh.scalar(sc.s, cue.StringKind, str)
	case c == 't' || c == 'f' || c == 'n':
		for _, lit := range []string{"true", "false", "null"} {
			if len(sc.b)-sc.i >= len(lit) && string(sc.b[sc.i:sc.i+len(lit)]) == lit {
				sc.i += len(lit)
				k := cue.BoolKind
				if lit == "null" {
					k = cue.NullKind
				}
				return sh.scalar(sc.s, k, sc.b[sc.i-len(lit):sc.i])
			}
		}
	case c == '-' || c >= '0' && c <= '9':
		k, n, ok := sc.number()
		if !ok {
			return false
		}
		return sh.scalar(sc.s, k, n)
	}
	sc.bad = true
	return false
}

func (sc *scanner) object(sh *jsonShape) bool {
	if sh != nil && sh.kinds&cue.StructKind == 0 {
		sc.skip()
		return false
	}
	sc.i++ // {
	ok := true
	var keys objectKeys
	next := 0 // where sh.field looks first
	base := len(sc.keys)
	defer func() { sc.keys = sc.keys[:base] }()
	required := 0
	first := true
	for {
		sc.ws()
		if sc.i < len(sc.b) && sc.b[sc.i] == '}' && first {
			sc.i++
			break
		}
		if sc.i >= len(sc.b) || sc.b[sc.i] != '"' {
			sc.bad = true
			return false
		}
		key, good := sc.str()
		if !good {
			return false
		}
		if sc.repeated(key, base, &keys) {
			sc.bad = true // a repeated key: CUE unifies the two values
			return false
		}
		sc.ws()
		if sc.i >= len(sc.b) || sc.b[sc.i] != ':' {
			sc.bad = true
			return false
		}
		sc.i++
		var vsh *jsonShape
		var f *jsonField
		if sh != nil {
			f = sh.field(key, &next)
		}
		switch {
		case sh == nil:
		case f != nil:
			vsh = f.shape
			if f.required {
				required++
			}
		case sh.pattern != nil:
			vsh = sh.pattern
		default:
			ok = false // a key the definition closes out
		}
		if !sc.value(vsh) {
			ok = false
		}
		if sc.bad {
			return false
		}
		sc.ws()
		if sc.i < len(sc.b) && sc.b[sc.i] == ',' {
			sc.i++
			first = false
			continue
		}
		if sc.i < len(sc.b) && sc.b[sc.i] == '}' {
			sc.i++
			break
		}
		sc.bad = true
		return false
	}
	if sh != nil && required != len(sh.required) {
		ok = false
	}
	return ok
}

func (sc *scanner) array(sh *jsonShape) bool {
	if sh != nil && sh.kinds&cue.ListKind == 0 {
		sc.skip()
		return false
	}
	sc.i++ // [
	ok := true
	n := 0
	sc.ws()
	if sc.i < len(sc.b) && sc.b[sc.i] == ']' {
		sc.i++
	} else {
		for {
			var esh *jsonShape
			switch {
			case sh == nil:
			case n < len(sh.prefix):
				esh = sh.prefix[n]
			case sh.rest != nil:
				esh = sh.rest
			default:
				ok = false // past the end of a closed list
			}
			if !sc.value(esh) {
				ok = false
			}
			if sc.bad {
				return false
			}
			n++
			sc.ws()
			if sc.i < len(sc.b) && sc.b[sc.i] == ',' {
				sc.i++
				continue
			}
			if sc.i < len(sc.b) && sc.b[sc.i] == ']' {
				sc.i++
				break
			}
			sc.bad = true
			return false
		}
	}
	if sh != nil && n < len(sh.prefix) {
		ok = false
	}
	return ok
}

// field is the field named key, or nil. Keys in the order of sh.sorted,
// some left out, are found at or just after *next without hashing.
func (sh *jsonShape) field(key []byte, next *int) *jsonField {
	for i := *next; i < len(sh.sorted) && i < *next+3; i++ {
		if sh.sorted[i] == string(key) {
			*next = i + 1
			return sh.byOrder[i]
		}
	}
	return sh.fields[string(key)]
}

// skip reads a value without a shape.
func (sc *scanner) skip() { sc.value(nil) }

// smallObject is how many keys an object's repeated-key check compares
// one by one before it takes a map.
const smallObject = 16

// objectKeys is what an object's repeated-key check knows beyond the keys.
type objectKeys struct {
	many     map[string]struct{} // the keys seen, once the scan would be long
	unsorted bool                // a key came that was not above the one before
}

// repeated records key and reports whether the object (whose keys start
// at sc.keys[base]) already had it. While keys come in increasing order,
// as kfc writes them, a key above the last one is new without a search.
func (sc *scanner) repeated(key []byte, base int, st *objectKeys) bool {
	seen := sc.keys[base:]
	if !st.unsorted && (len(seen) == 0 || bytes.Compare(key, seen[len(seen)-1]) > 0) {
		sc.keys = append(sc.keys, key)
		return false
	}
	st.unsorted = true
	if st.many == nil && len(seen) > smallObject {
		st.many = make(map[string]struct{}, 2*len(seen))
		for _, k := range seen {
			st.many[string(k)] = struct{}{}
		}
	}
	if st.many != nil {
		if _, ok := st.many[string(key)]; ok {
			return true
		}
		st.many[string(key)] = struct{}{}
		return false
	}
	for _, k := range seen {
		if string(k) == string(key) {
			return true
		}
	}
	sc.keys = append(sc.keys, key)
	return false
}

// str reads a JSON string at sc.i, unescaped (the bytes of sc.b when it
// has no escapes).
func (sc *scanner) str() ([]byte, bool) {
	start := sc.i
	sc.i++ // "
	escaped := false
	for sc.i < len(sc.b) {
		c := sc.b[sc.i]
		switch {
		case c == '"':
			sc.i++
			raw := sc.b[start:sc.i]
			if !escaped {
				return raw[1 : len(raw)-1], true
			}
			var out string
			if err := json.Unmarshal(raw, &out); err != nil {
				sc.bad = true
				return nil, false
			}
			return []byte(out), true
		case c == '\\':
			escaped = true
			sc.i += 2
		case c < 0x20:
			sc.bad = true
			return nil, false
		default:
			sc.i++
		}
	}
	sc.bad = true
	return nil, false
}

// number reads a JSON number: an int when it has no fraction or exponent.
func (sc *scanner) number() (cue.Kind, []byte, bool) {
	start := sc.i
	if sc.b[sc.i] == '-' {
		sc.i++
	}
	digits := func() int {
		n := 0
		for sc.i < len(sc.b) && sc.b[sc.i] >= '0' && sc.b[sc.i] <= '9' {
			sc.i++
			n++
		}
		return n
	}
	intStart := sc.i
	if d := digits(); d == 0 || d > 1 && sc.b[intStart] == '0' {
		sc.bad = true
		return 0, nil, false
	}
	k := cue.IntKind
	if sc.i < len(sc.b) && sc.b[sc.i] == '.' {
		sc.i++
		k = cue.FloatKind
		if digits() == 0 {
			sc.bad = true
			return 0, nil, false
		}
	}
	if sc.i < len(sc.b) && (sc.b[sc.i] == 'e' || sc.b[sc.i] == 'E') {
		sc.i++
		k = cue.FloatKind
		if sc.i < len(sc.b) && (sc.b[sc.i] == '+' || sc.b[sc.i] == '-') {
			sc.i++
		}
		if digits() == 0 {
			sc.bad = true
			return 0, nil, false
		}
	}
	return k, sc.b[start:sc.i], true
}

// scalar reports whether the scalar of kind k and text fits sh (nil:
// anything).
func (sh *jsonShape) scalar(s *Schemas, k cue.Kind, text []byte) bool {
	if sh == nil {
		return true
	}
	if sh.kinds&k == 0 {
		return false
	}
	lc := sh.leaf
	if lc == nil {
		return true
	}
	if lc.useCUE {
		return s.leafByCUE(lc.cue, k, string(text))
	}
	if lc.eq != nil && (lc.eq.kind != k || lc.eq.text != string(text)) {
		return false
	}
	for _, ne := range lc.ne {
		if ne.kind == k && ne.text == string(text) {
			return false
		}
	}
	if k != cue.StringKind && (len(lc.match) > 0 || len(lc.nomat) > 0) {
		return false // =~ and !~ take strings only
	}
	for _, re := range lc.match {
		if !re.Match(text) {
			return false
		}
	}
	for _, re := range lc.nomat {
		if re.Match(text) {
			return false
		}
	}
	return true
}

// leafByCUE unifies a scalar with a constraint kept in CUE.
func (s *Schemas) leafByCUE(c cue.Value, k cue.Kind, text string) bool {
	var x cue.Value
	switch k {
	case cue.StringKind:
		x = s.ctx.Encode(text)
	case cue.BoolKind:
		x = s.ctx.Encode(text == "true")
	case cue.NullKind:
		x = s.ctx.Encode(nil)
	default:
		x = s.ctx.CompileString(text)
	}
	return c.Unify(x).Validate(cue.Concrete(true)) == nil
}
