package interp

import (
	"strconv"
	"strings"

	"github.com/kfc-dev/kfc/compiler/tree"
)

// Key paths are selected as OmegaConf's _select_impl does: the key text is
// split with split_key, every step goes through a mapping key or a list
// index, and an intermediate value that is itself an interpolation is
// resolved first (in its own place) before walking on.
// splitKey is omegaconf._utils.split_key, which uses the regular
// expressions (\.)*[^.[]* for the head and \.([^.[]*)|\[(.*?)\] (findall)
// for the rest:
// "a.b" -> [a b], "a[b]" -> [a b], ".a.b[c].d" -> ["" a b c d], "[a].b" -> [a b].
func splitKey(key string) []string {
	i := 0
	for i < len(key) && key[i] == '.' {
		i++
	}
	for i < len(key) && key[i] != '.' && key[i] != '[' {
		i++
	}
	tokens := strings.Split(key[:i], ".")
	if i == len(key) {
		return tokens
	}
	if key[i] == '[' && tokens[len(tokens)-1] == "" {
		tokens = tokens[:len(tokens)-1]
	}
	rest := key[i:]
	for j := 0; j < len(rest); {
		switch rest[j] {
		case '.':
			k := j + 1
			for k < len(rest) && rest[k] != '.' && rest[k] != '[' {
				k++
			}
			tokens = append(tokens, rest[j+1:k])
			j = k
		case '[':
			k := j + 1
			for k < len(rest) && rest[k] != ']' && rest[k] != '\n' { // (.*?) stops at a newline
				k++
			}
			if k < len(rest) && rest[k] == ']' {
				tokens = append(tokens, rest[j+1:k])
				j = k + 1
			} else {
				j++ // findall moves on one character when nothing matches
			}
		default:
			j++
		}
	}
	return tokens
}

// pyIndex is Python's int(s) for a list index: blanks around, a sign,
// ASCII digits with single underscores between them. (Python also takes
// other Unicode decimal digits; nobody writes those in a config key.)
func pyIndex(s string) (int, bool) {
	s = strings.TrimSpace(s)
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "" || s[0] == '_' || s[len(s)-1] == '_' || strings.Contains(s, "__") {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] != '_' && (s[i] < '0' || s[i] > '9') {
			return 0, false
		}
	}
	i, err := strconv.Atoi(strings.ReplaceAll(s, "_", ""))
	if err != nil {
		return -1, true // a valid Python int too large to index anything
	}
	if neg {
		i = -i
	}
	return i, true
}

// cursor is a place being walked: a node of the config (v set) or of a
// fresh value (globals, runtime params, a resolver's result).
type cursor struct {
	v *vnode
	n *tree.Node
}

func cursorOf(val value) cursor {
	if val.ref != nil {
		return cursor{v: val.ref, n: val.ref.n}
	}
	return cursor{n: val.n}
}

func (c cursor) value() value {
	if c.v != nil {
		return refValue(c.v)
	}
	return value{n: c.n}
}

// keys lists the keys of a mapping, for suggestions.
func (c cursor) keys() []string {
	if c.n == nil || c.n.Kind != tree.Map {
		return nil
	}
	out := make([]string, len(c.n.Pairs))
	for i, p := range c.n.Pairs {
		out[i] = p.Key
	}
	return out
}

type lookupKind uint8

const (
	lkNotFound     lookupKind = iota + 1
	lkNotContainer            // walking into a scalar
	lkMissing                 // the value is OmegaConf's missing marker "???"
	lkBadIndex                // a list index that is not an int
	lkAboveRoot               // too many leading dots
)

// lookupErr says where a key path stopped.
type lookupErr struct {
	kind  lookupKind
	parts []string // the split key
	at    int      // index of the part that failed
	dots  int      // leading dots of the key
	in    cursor   // the container the failing part was looked up in
}

// prefix is the key up to and including part i, written back with dots.
func (e *lookupErr) prefix(i int) string {
	return strings.Repeat(".", e.dots) + strings.Join(e.parts[:i+1], ".")
}

func isMissing(n *tree.Node) bool { return n != nil && n.Kind == tree.String && n.Text == "???" }

// walk follows key (already stripped of its leading dots) from start.
func (e *evaluator) walk(start cursor, key string, dots int) (value, *lookupErr, *evalError) {
	if key == "" {
		// ${${empty}} selects the start itself, which may be a string still
		// to resolve (only when the config root is a scalar).
		if start.v != nil && isInterpolation(start.n) {
			val, err := e.r.resolveString(start.v)
			return val, nil, err
		}
		return start.value(), nil, nil
	}
	parts := splitKey(key)
	cur := start
	secret := false // an interpolation passed through on the way gave a secret
	for i, part := range parts {
		le := &lookupErr{parts: parts, at: i, dots: dots, in: cur}
		var next cursor
		switch cur.n.Kind {
		case tree.Map:
			if cur.v != nil {
				if k := cur.v.child(part); k != nil {
					next = cursor{v: k, n: k.n}
				}
			} else if c := cur.n.Get(part); c != nil {
				next = cursor{n: c}
			}
		case tree.Seq:
			idx, ok := pyIndex(part)
			if !ok {
				le.kind = lkBadIndex
				return value{}, le, nil
			}
			if idx >= 0 && idx < len(cur.n.Items) {
				if cur.v != nil {
					kid := &cur.v.children()[idx]
					next = cursor{v: kid, n: kid.n}
				} else {
					next = cursor{n: cur.n.Items[idx]}
				}
			}
		default:
			// Only the start can be a scalar: later steps are checked below.
			le.kind = lkNotFound
			return value{}, le, nil
		}
		if next.n == nil {
			le.kind = lkNotFound
			return value{}, le, nil
		}
		if isMissing(next.n) {
			le.kind = lkMissing
			return value{}, le, nil
		}
		if next.v != nil && isInterpolation(next.n) {
			val, err := e.r.resolveString(next.v)
			if err != nil {
				return value{}, nil, err
			}
			next = cursorOf(val)
			secret = secret || val.secret
		}
		if i == len(parts)-1 {
			out := next.value()
			out.secret = out.secret || secret
			return out, nil, nil
		}
		if !isContainer(next.n) {
			le.kind = lkNotContainer
			le.at = i
			le.in = next
			return value{}, le, nil
		}
		cur = next
	}
	return cur.value(), nil, nil
}

// start picks where a key begins, as _resolve_key_and_root does: the root
// of the config for "a.b", the holder's container for ".a", one level up
// per extra dot.
func (e *evaluator) start(key string) (cursor, string, int, bool) {
	if !strings.HasPrefix(key, ".") {
		return cursor{v: e.r.root, n: e.r.root.n}, key, 0, true
	}
	dots := 0
	for dots < len(key) && key[dots] == '.' {
		dots++
	}
	c := e.ctx
	for i := 1; i < dots && c != nil; i++ {
		c = c.parent
	}
	if c == nil {
		return cursor{}, key[dots:], dots, false
	}
	return cursor{v: c, n: c.n}, key[dots:], dots, true
}

// describeLookup turns a failed walk into the text after "key 'k' ...".
func describeLookup(le *lookupErr) string {
	switch le.kind {
	case lkNotContainer:
		return "not found: '" + le.prefix(le.at) + "' is " + article(le.in.n) + ", not a mapping or list"
	case lkBadIndex:
		return "not found: '" + le.parts[le.at] + "' is not a list index"
	case lkMissing:
		return "refers to a missing value ('???')"
	}
	msg := "not found"
	if le.in.n != nil && le.in.n.Kind == tree.Seq {
		msg += " (the list has " + strconv.Itoa(len(le.in.n.Items)) + " items)"
	} else if s := suggest(le.parts[le.at], le.in.keys()); s != "" {
		msg += " (did you mean '" + strings.Repeat(".", le.dots) + strings.Join(append(append([]string{}, le.parts[:le.at]...), s), ".") + "'?)"
	}
	return msg
}

func article(n *tree.Node) string {
	if n == nil {
		return "null"
	}
	switch n.Kind {
	case tree.Int:
		return "an int"
	case tree.Null:
		return "null"
	case tree.Map:
		return "a mapping"
	case tree.Seq:
		return "a list"
	}
	return "a " + n.Kind.String()
}
