package tree

import (
	"bytes"
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"
)

// yaml.v3 decoding is most of what a vet costs, and its event parser is not
// exported. fastRead is kfc's own reader for the YAML kfc meets (block
// mappings and sequences, plain and one-line quoted scalars, flow
// collections, comments, a leading `---`, anchors, aliases and `!!` tags):
// it returns the same *yaml.Node tree yaml.v3 would (every field but the
// comments, which kfc never reads) or declines, and the file then goes
// through yaml.v3 as before. It declines on anything else and anything in
// doubt, every error included: messages and their positions stay yaml.v3's.
// FuzzFastRead and TestFastReadEqualsYAML hold it to that.

// fastRead returns the root node of src as yaml.v3 decodes it, or ok false.
// The nodes live in slabs that the caller gives back with mem.release()
// once it is done with the tree.
func fastRead(src []byte) (root *yaml.Node, mem *slabs, ok bool) {
	if bytes.IndexByte(src, '\r') >= 0 {
		// yaml.v3 reads CRLF as one line break, and no node the reader
		// makes holds a break (quoted scalars are one line, plain ones fold
		// breaks to spaces and LFs): the same text with LF alone gives the
		// same nodes. A lone CR is left to yaml.v3 (plainText refuses it).
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	}
	ascii, ok := plainText(src)
	if !ok {
		return nil, nil, false
	}
	r := &reader{s: string(src), ascii: ascii}
	root = r.document()
	if root == nil {
		r.mem.release()
		return nil, nil, false
	}
	return root, &r.mem, true
}

// plainText reports whether src holds only characters the reader knows
// (printable, no tabs, no line breaks but LF, no BOM), and whether it is
// all ASCII, where columns are byte offsets.
func plainText(src []byte) (ascii, ok bool) {
	ascii = true
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\n') || c == 0x7F {
				return false, false
			}
			i++
			continue
		}
		ascii = false
		r, size := utf8.DecodeRune(src[i:])
		if r < 0xA0 || r == 0x2028 || r == 0x2029 || r == 0xFEFF || r >= 0xFFFE && r <= 0xFFFF || r == utf8.RuneError {
			return false, false
		}
		i += size
	}
	return ascii, true
}

// fastMaxDepth bounds the reader's recursion; deeper files go to yaml.v3
// (and kfc stops at MaxDepth anyway).
const fastMaxDepth = 200

// maxKeyBytes is below yaml.v3's 1024-character bound on a simple key.
const maxKeyBytes = 1000

type reader struct {
	s     string
	i     int  // read offset
	line  int  // 0-based line of i
	ls    int  // offset where that line starts
	ind   int  // indentation of the content line at i, -1 at the end
	ascii bool // columns are byte offsets
	depth int  // collections open
	flows int  // flow collections open
	// flowCol is the column of the block holding the flow collection being
	// read: the lines it goes on to are indented past it.
	flowCol int
	// started is set once past the first content line, where `---` may
	// begin the document.
	started bool

	anchors map[string]*yaml.Node
	mem     slabs
	nodes   []yaml.Node  // the rest of the slab newNode hands out
	kids    []*yaml.Node // the rest of the slab for Content slices
	stack   []*yaml.Node // Content being collected, innermost last
}

// mark is a place in the source, in yaml.v3's 1-based units.
type mark struct{ line, col int }

func (r *reader) here() mark {
	col := r.i - r.ls
	if !r.ascii {
		col = utf8.RuneCountInString(r.s[r.ls:r.i])
	}
	return mark{r.line + 1, col + 1}
}

// props are the anchor and tag written before a node.
type props struct {
	at     mark
	anchor string
	tag    string
	set    bool
}

func (r *reader) newNode(kind yaml.Kind, at mark) *yaml.Node {
	if len(r.nodes) == 0 {
		r.nodes = r.mem.nodeSlab()
	}
	n := &r.nodes[0]
	r.nodes = r.nodes[1:]
	*n = yaml.Node{Kind: kind, Line: at.line, Column: at.col} // slabs are reused
	return n
}

// open applies p to the collection or scalar n as yaml.v3's parser.node
// does: an explicit tag wins and marks the style, else defaultTag, else
// (scalars) the tag yaml.v3 resolves.
func (r *reader) open(n *yaml.Node, p props, defaultTag string) {
	switch {
	case p.tag != "":
		n.Tag, n.Style = p.tag, yaml.TaggedStyle
	case defaultTag != "":
		n.Tag = defaultTag
	case n.Kind == yaml.ScalarNode:
		n.Tag = plainTag(n)
	}
	if p.anchor != "" {
		n.Anchor = p.anchor
		if r.anchors == nil {
			r.anchors = map[string]*yaml.Node{}
		}
		r.anchors[p.anchor] = n // before the content, as yaml.v3 registers it
	}
}

// plainTag is the tag yaml.v3 resolves for the untagged plain scalar n.
// Its resolve (resolve.go) returns !!str for any value whose first byte is
// not in its table of hints, and looks values starting with one of
// yYnNtTfFoO~< up in a map of booleans, nulls and `<<` (all of which start
// so), else !!str; those two cases are answered here, because resolve boxes
// the value it returns (one allocation a scalar). Numbers, signs, dots and
// the empty value go through yaml.v3's own resolver (Node.ShortTag).
func plainTag(n *yaml.Node) string {
	v := n.Value
	if v == "" {
		return n.ShortTag()
	}
	switch c := v[0]; {
	case (c == '+' || c == '-') && len(v) > 1 && strings.IndexByte("0123456789._", v[1]) < 0:
		// `--in`: no number, timestamp or map entry starts so (resolve
		// drops `_` before parsing a number, hence `_` is not let by).
		return "!!str"
	case c == '+' || c == '-' || c == '.' || '0' <= c && c <= '9':
		return n.ShortTag()
	case strings.IndexByte("yYnNtTfFoO~<", c) < 0:
		return "!!str"
	}
	switch v {
	case "true", "True", "TRUE", "false", "False", "FALSE":
		return "!!bool"
	case "~", "null", "Null", "NULL":
		return "!!null"
	case "<<":
		return "!!merge"
	}
	return "!!str"
}

// content moves the nodes collected since base into n.Content.
func (r *reader) content(n *yaml.Node, base int) {
	k := len(r.stack) - base
	if len(r.kids) < k {
		r.kids = r.mem.kidSlab(k)
	}
	n.Content = r.kids[:k:k]
	r.kids = r.kids[k:]
	copy(n.Content, r.stack[base:])
	r.stack = r.stack[:base]
}

func (r *reader) eol() bool { return r.i >= len(r.s) || r.s[r.i] == '\n' }

// blankAt reports whether offset i is a space, a line break or the end.
func (r *reader) blankAt(i int) bool { return i >= len(r.s) || r.s[i] == ' ' || r.s[i] == '\n' }

func (r *reader) spaces() {
	for r.i < len(r.s) && r.s[r.i] == ' ' {
		r.i++
	}
}

// endLine finishes the line after a node: spaces, a comment, the break; then
// it moves to the next content line. False when something else follows.
func (r *reader) endLine() bool {
	r.spaces()
	if r.i < len(r.s) && r.s[r.i] == '#' {
		if r.s[r.i-1] != ' ' {
			return false // `"a"#b`: a comment needs a space before it here
		}
		for !r.eol() {
			r.i++
		}
	}
	if !r.eol() {
		return false
	}
	return r.nextContent()
}

// nextContent moves from the start or the end of a line to the first
// character of the next line holding more than spaces and a comment,
// setting r.ind (-1 at the end of the source). False on a directive or a
// document marker (but a first `---`, which document reads).
func (r *reader) nextContent() bool {
	for {
		r.spaces()
		if r.i >= len(r.s) {
			r.ind = -1
			return true
		}
		switch r.s[r.i] {
		case '\n':
			r.i++
			r.line++
			r.ls = r.i
			continue
		case '#':
			for !r.eol() {
				r.i++
			}
			continue
		}
		r.ind = r.i - r.ls
		rest := r.s[r.i:]
		if r.ind == 0 && (rest[0] == '%' || strings.HasPrefix(rest, "...") || r.started && strings.HasPrefix(rest, "---")) {
			return false
		}
		return true
	}
}

// document reads the one document of the source, or returns nil.
func (r *reader) document() *yaml.Node {
	if !r.nextContent() || r.ind < 0 {
		return nil // an empty file is yaml.v3's io.EOF
	}
	r.started = true
	if r.ind == 0 && strings.HasPrefix(r.s[r.i:], "---") {
		r.i += 3
		if !r.blankAt(r.i) || !r.endLine() || r.ind < 0 {
			return nil
		}
	}
	root := r.block(props{})
	if root == nil || r.ind >= 0 {
		return nil
	}
	return root
}

// block reads the block mapping or sequence starting at r.i, the first
// content of a line indented r.ind.
func (r *reader) block(p props) *yaml.Node {
	col := r.ind
	if r.s[r.i] == '-' && r.blankAt(r.i+1) {
		return r.sequence(col, false, p)
	}
	return r.mapping(col, p)
}

// collection opens a mapping or sequence starting at r.i (or at its
// properties), or returns nil past fastMaxDepth; leave closes it.
func (r *reader) collection(kind yaml.Kind, p props, tag string) *yaml.Node {
	if r.depth >= fastMaxDepth {
		return nil
	}
	r.depth++
	n := r.newNode(kind, r.at(p))
	r.open(n, p, tag)
	return n
}

func (r *reader) leave() { r.depth-- }

// at is where a node starting at r.i begins: at its properties, if any.
func (r *reader) at(p props) mark {
	if p.set {
		return p.at
	}
	return r.here()
}

// mapping reads a block mapping whose keys are at column col; r.i is at
// its first key, which may follow a `- ` on the same line.
func (r *reader) mapping(col int, p props) *yaml.Node {
	n := r.collection(yaml.MappingNode, p, "!!map")
	if n == nil {
		return nil
	}
	defer r.leave()
	base := len(r.stack)
	for {
		k := r.key()
		if k == nil {
			return nil
		}
		v := r.value(col)
		if v == nil {
			return nil
		}
		r.stack = append(r.stack, k, v)
		if r.ind < col {
			break
		}
		if r.ind > col || r.s[r.i] == '-' && r.blankAt(r.i+1) {
			return nil
		}
	}
	r.content(n, base)
	return n
}

// key reads a one-line plain or quoted key and its `:`.
func (r *reader) key() *yaml.Node {
	start := r.i
	var k *yaml.Node
	switch r.s[r.i] {
	case '"', '\'':
		k = r.quoted(props{})
	default:
		k = r.plain(props{}, false, -1)
	}
	if k == nil || r.i-start > maxKeyBytes || r.i >= len(r.s) || r.s[r.i] != ':' || !r.blankAt(r.i+1) {
		return nil
	}
	r.i++
	return k
}

// value reads the value after a key's `:` in a mapping at column col, and
// moves to the next content line.
func (r *reader) value(col int) *yaml.Node {
	after := r.here() // where yaml.v3 puts an empty value
	r.spaces()
	p, ok := r.props()
	if !ok {
		return nil
	}
	if r.eol() || r.s[r.i] == '#' && r.s[r.i-1] == ' ' {
		if !r.endLine() {
			return nil
		}
		switch {
		case r.ind > col:
			return r.block(p)
		case r.ind == col && r.s[r.i] == '-' && r.blankAt(r.i+1):
			return r.sequence(col, true, p)
		case p.set:
			return nil // `a: &x` with nothing: left to yaml.v3
		}
		return r.empty(after)
	}
	return r.inline(p, col)
}

func (r *reader) empty(at mark) *yaml.Node {
	n := r.newNode(yaml.ScalarNode, at)
	r.open(n, props{}, "")
	return n
}

// inline reads a node that starts on the current line and ends on it, then
// moves to the next content line, which must not be indented past col
// (that would continue a plain scalar, or be an error).
func (r *reader) inline(p props, col int) *yaml.Node {
	var n *yaml.Node
	switch c := r.s[r.i]; c {
	case '*':
		if p.set {
			return nil
		}
		n = r.alias()
	case '[', '{':
		r.flowCol = col
		n = r.flow(p)
	case '"', '\'':
		n = r.quoted(p)
	default:
		n = r.plain(p, false, col)
	}
	if n == nil || !r.endLine() || r.ind > col {
		return nil
	}
	return n
}

// sequence reads a block sequence whose `-` are at column col; indentless
// is the `key:\n- item` form, which ends at a line at col without `-`.
func (r *reader) sequence(col int, indentless bool, p props) *yaml.Node {
	base := len(r.stack)
	n := r.collection(yaml.SequenceNode, p, "!!seq")
	if n == nil {
		return nil
	}
	defer r.leave()
	for {
		r.i++ // the `-`
		item := r.item(col)
		if item == nil {
			return nil
		}
		r.stack = append(r.stack, item)
		if r.ind < col {
			break
		}
		if r.ind > col {
			return nil
		}
		if r.s[r.i] != '-' || !r.blankAt(r.i+1) {
			if !indentless {
				return nil
			}
			break
		}
	}
	r.content(n, base)
	return n
}

// item reads what follows a sequence's `-` at column col.
func (r *reader) item(col int) *yaml.Node {
	after := r.here()
	r.spaces()
	if r.eol() || r.s[r.i] == '#' && r.s[r.i-1] == ' ' {
		if !r.endLine() {
			return nil
		}
		if r.ind > col {
			return r.block(props{})
		}
		return r.empty(after)
	}
	if r.s[r.i] == '-' && r.blankAt(r.i+1) {
		return nil // `- - a`: left to yaml.v3
	}
	if r.keyAhead() {
		// `- name: x`: a mapping whose keys are at this column.
		return r.mapping(r.i-r.ls, props{})
	}
	p, ok := r.props()
	if !ok || p.set && r.eol() {
		return nil
	}
	return r.inline(p, col)
}

// keyAhead reports whether a key and its `: ` start at r.i.
func (r *reader) keyAhead() bool {
	save := *r
	k := r.key()
	*r = save
	return k != nil
}

// props reads an anchor and a tag, in either order, each followed by a
// space or the end of the line.
func (r *reader) props() (p props, ok bool) {
	for range 2 {
		if r.i >= len(r.s) || (r.s[r.i] != '&' && r.s[r.i] != '!') {
			break
		}
		if !p.set {
			p.at, p.set = r.here(), true
		}
		c := r.s[r.i]
		r.i++
		start := r.i
		if c == '!' {
			if p.tag != "" || !strings.HasPrefix(r.s[r.i:], "!") {
				return p, false // only `!!name` tags
			}
			r.i++
			for r.i < len(r.s) && r.s[r.i] >= 'a' && r.s[r.i] <= 'z' {
				r.i++
			}
			if r.i == start+1 {
				return p, false
			}
			p.tag = r.s[start-1 : r.i]
		} else {
			if p.anchor != "" {
				return p, false
			}
			p.anchor = r.name()
			if p.anchor == "" {
				return p, false
			}
		}
		if !r.blankAt(r.i) {
			return p, false
		}
		r.spaces()
	}
	return p, true
}

// name reads an anchor or alias name: yaml.v3 takes [0-9A-Za-z_-].
func (r *reader) name() string {
	start := r.i
	for r.i < len(r.s) {
		c := r.s[r.i]
		if !('0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == '_' || c == '-') {
			break
		}
		r.i++
	}
	return r.s[start:r.i]
}

func (r *reader) alias() *yaml.Node {
	at := r.here()
	r.i++
	name := r.name()
	target := r.anchors[name]
	if target == nil {
		return nil // unknown anchor: yaml.v3's error
	}
	if !r.blankAt(r.i) && !(r.flows > 0 && r.flowEnd()) {
		return nil
	}
	n := r.newNode(yaml.AliasNode, at)
	n.Value, n.Alias = name, target
	return n
}

// flowEnd reports whether r.i is at `,`, `]` or `}`.
func (r *reader) flowEnd() bool {
	return r.i < len(r.s) && (r.s[r.i] == ',' || r.s[r.i] == ']' || r.s[r.i] == '}')
}
