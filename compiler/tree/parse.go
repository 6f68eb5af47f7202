package tree

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/kfc-dev/kfc/compiler/diag"
	yaml "go.yaml.in/yaml/v3"
)

// The problems the parser reports (lint's yaml-syntax and duplicate-key).
const (
	CodeSyntax       diag.Code = "tree.Syntax"
	CodeDuplicateKey diag.Code = "tree.DuplicateKey"
)

// Dialect picks the implicit scalar typing of the reader being imitated.
type Dialect int

const (
	// OmegaConf is PyYAML's SafeLoader with OmegaConf's float resolver
	// (`1e5` is a float) and no timestamps: how Kedro reads conf/.
	OmegaConf Dialect = iota
	// PyYAML is plain yaml.safe_load (YAML 1.1): how MLflow reads MLproject,
	// where `1e-1` stays a string.
	PyYAML
)

// baseNodes bounds alias expansion ("billion laughs") together with the
// file's size: no real configuration comes near it, and a hostile one stops
// with a finding instead of eating memory and time.
const baseNodes = 500_000

// Parse reads one YAML or JSON file as Kedro's config loader would. It
// returns nil for an empty file (or one holding only comments). Problems are
// reported to diags; the returned tree holds whatever could be read.
func Parse(path string, src []byte, diags *diag.List) *Node {
	return ParseDialect(path, src, OmegaConf, diags)
}

// ParseDialect is Parse with an explicit scalar dialect.
func ParseDialect(path string, src []byte, dialect Dialect, diags *diag.List) *Node {
	if msg := notText(src); msg != "" {
		diags.Reportf(diag.Pos{File: path}, CodeSyntax, "%s", msg)
		return nil
	}
	src, mark := hideLeadingBOMs(src)
	root, ok := parseChunked(path, src, dialect, diags)
	if !ok {
		root = parseWhole(path, src, dialect, diags)
	}
	restoreBOMs(root, mark)
	return root
}

// parseWhole parses src as one YAML stream.
func parseWhole(path string, src []byte, dialect Dialect, diags *diag.List) *Node {
	top, mem := readFast(src)
	if top == nil {
		if top = decodeWhole(path, src, diags); top == nil {
			return nil
		}
	}
	b := &builder{path: path, dialect: dialect, diags: diags, active: map[*yaml.Node]bool{}, limit: baseNodes + len(src)/2}
	b.endLine, b.endCol = endOf(src)
	root := b.node(top)
	mem.release()
	if b.stopped() {
		return nil // a partial tree would only cause follow-on findings
	}
	return root
}

// useFastRead is off only in tests, which compare both readers.
var useFastRead = true

// readFast is fastRead's tree and its slabs, or nil when it declines (or
// is off).
func readFast(src []byte) (*yaml.Node, *slabs) {
	if !useFastRead {
		return nil, nil
	}
	top, mem, _ := fastRead(src)
	return top, mem
}

// decodeWhole is yaml.v3's root node of src, or nil (problems reported).
func decodeWhole(path string, src []byte, diags *diag.List) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil
		}
		diags.Add(syntaxError(path, src, dec, err))
		return nil
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		diags.Reportf(diag.Pos{File: path, Line: extra.Line, Col: extra.Column}, CodeSyntax,
			"expected a single document in the file, found another one here")
	} else if !errors.Is(err, io.EOF) {
		diags.Add(syntaxError(path, src, dec, err))
	}
	if len(doc.Content) == 0 {
		return nil
	}
	return doc.Content[0]
}

func notText(src []byte) string {
	if bytes.IndexByte(src, 0) >= 0 {
		return "not a text file (it contains NUL bytes)"
	}
	if !utf8.Valid(src) {
		return "not a text file (it is not valid UTF-8)"
	}
	return ""
}

var lineRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^yaml: line (\d+): (.*)$`) })

// parserErrors are the messages of go-yaml's parser (parserc.go), as
// opposed to its scanner, whose line numbers are already 1-based.
var parserErrors = map[string]bool{
	"did not find expected <document start>": true,
	"did not find expected node content":     true,
	"did not find expected key":              true,
	"did not find expected '-' indicator":    true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found undefined tag handle":             true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found duplicate %TAG directive":         true,
}

func syntaxError(path string, src []byte, dec *yaml.Decoder, err error) diag.Diagnostic {
	msg := err.Error()
	pos := diag.Pos{File: path, Line: 1, Col: 1}
	if strings.Contains(msg, "exceeded max depth") {
		// go-yaml's own bound (10,000 open brackets) has no position: name
		// the bracket that passes kfc's.
		pos.Line, pos.Col = deepBracket(src, MaxDepth)
		return diag.Diagnostic{Pos: pos, Code: CodeSyntax, Message: deepMessage}
	}
	if m := lineRE().FindStringSubmatch(msg); m != nil {
		pos.Line, _ = strconv.Atoi(m[1])
		msg = m[2]
		// go-yaml prints a parser error's 0-based line as is (its scanner
		// errors are right): add the missing one, so the line is the one
		// PyYAML names ("while parsing a flow sequence ... line 4").
		if parserErrors[msg] {
			pos.Line++
		}
	} else if len(msg) > 6 && msg[:6] == "yaml: " {
		msg = msg[6:]
	}
	if line, col, ok := errorMark(dec, msg); ok {
		pos.Line, pos.Col = line, col
	}
	// An error at the end of a file without a final line break ("{") is
	// counted on a line after the last; PyYAML names the end of the file.
	if line, col := endOf(src); pos.Line > line {
		pos.Line, pos.Col = line, col
	}
	return diag.Diagnostic{Pos: pos, Code: CodeSyntax, Message: "invalid YAML: " + msg}
}

type builder struct {
	path       string
	dialect    Dialect
	diags      *diag.List
	active     map[*yaml.Node]bool // anchors being expanded, to catch recursion
	count      int
	limit      int
	lineOffset int        // lines before the piece being built (parseChunked)
	splitLine  int        // lines up to this one are the prefix, which keeps its own lines
	depth      int        // mappings and lists open around the node being built
	alias      *yaml.Node // the outermost alias being expanded, if any
	endLine    int        // where the file ends (0: unknown), see pos
	endCol     int
	tooBig     bool
	tooDeep    bool
	slab       []Node    // nodes handed out by newNode
	file       diag.File // the handle of path, see at
	transient  bool      // the next mapping is a merge source, read and dropped
	peak       int       // the deepest depth reached so far
	expanded   map[*yaml.Node]expansion
}

// slabSize is how many nodes newNode allocates at once: one allocation
// instead of a few hundred. A slab lives as long as any of its nodes does.
const slabSize = 256

// newNode returns a fresh node, as &Node{} would.
func (b *builder) newNode() *Node {
	if len(b.slab) == 0 {
		b.slab = make([]Node, slabSize)
	}
	n := &b.slab[0]
	b.slab = b.slab[1:]
	return n
}

// leaf returns a fresh node of kind k at the position of n.
func (b *builder) leaf(k Kind, n *yaml.Node) *Node {
	out := b.newNode()
	out.Kind, out.At = k, b.at(n)
	return out
}

// checkDigits reports an integer PyYAML's int() refuses for its length.
func (b *builder) checkDigits(n *Node) {
	if n.Kind == Int && n.Big != nil && tooManyDigits(n.Text) {
		b.diags.Reportf(n.Pos(), CodeSyntax, "an integer of more than %d digits: Python (3.11+) refuses to read it (ValueError: Exceeds the limit for integer string conversion)", maxIntDigits)
	}
}

// pos is where n is written. go-yaml places the empty value of a file
// that ends without a line break ("---", "a:") on a line after the last;
// such a position becomes the end of the file, where PyYAML puts it too.
func (b *builder) pos(n *yaml.Node) diag.Pos {
	p := diag.Pos{File: b.path, Line: n.Line, Col: n.Column}
	if n.Line > b.splitLine {
		p.Line += b.lineOffset
	}
	if b.endLine > 0 && (p.Line > b.endLine || (p.Line == b.endLine && p.Col > b.endCol)) {
		p.Line, p.Col = b.endLine, b.endCol
	}
	return p
}

// at is pos(n) packed, with the file's handle looked up once per builder.
func (b *builder) at(n *yaml.Node) diag.PackedPos {
	if b.file == 0 && b.path != "" {
		b.file = diag.FileHandle(b.path)
	}
	p := b.pos(n)
	return diag.PackAt(b.file, p.Line, p.Col)
}

// endOf is the line and column just past the last character of src, with
// lines counted as YAML (and PyYAML, in its messages) counts them: LF,
// CRLF, a lone CR, NEL, U+2028 and U+2029 each end a line.
func endOf(src []byte) (line, col int) {
	src = bytes.TrimPrefix(src, []byte(bom)) // not a column for either reader
	if !otherLineBreaks(src) {
		// Only LF and CRLF: count them at memory speed.
		last := bytes.LastIndexByte(src, '\n')
		return 1 + bytes.Count(src, []byte("\n")), 1 + utf8.RuneCount(src[last+1:])
	}
	line, col = 1, 1
	s := string(src)
	for i, r := range s {
		switch r {
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				continue // counted at the \n
			}
			line, col = line+1, 1
		case '\n', '\u0085', '\u2028', '\u2029':
			line, col = line+1, 1
		default:
			col++
		}
	}
	return line, col
}

func (b *builder) node(n *yaml.Node) *Node {
	b.count++
	if b.count > b.limit {
		if !b.tooBig {
			b.tooBig = true
			b.diags.Reportf(b.pos(n), CodeSyntax, "the file expands to more than %d values through its aliases; kfc stops reading it here", b.limit)
		}
		return b.leaf(Null, n)
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil
		}
		return b.node(n.Content[0])
	case yaml.AliasNode:
		if n.Alias == nil {
			return b.leaf(Null, n)
		}
		if b.active[n.Alias] {
			b.diags.Reportf(b.pos(n), CodeSyntax, "alias *%s refers to itself", n.Value)
			return b.leaf(Null, n)
		}
		if out, ok := b.reuse(n.Alias); ok {
			return out
		}
		b.active[n.Alias] = true
		if b.alias == nil {
			b.alias = n
			defer func() { b.alias = nil }()
		}
		out := b.expand(n.Alias)
		delete(b.active, n.Alias)
		return out
	case yaml.SequenceNode, yaml.MappingNode:
		if msg := collectionTagProblem(n); msg != "" && b.alias == nil { // once, where it is written
			b.diags.Reportf(b.pos(n), CodeSyntax, "%s", msg)
		}
	}
	switch n.Kind {
	case yaml.SequenceNode:
		if !b.enter(n) {
			return b.leaf(Null, n)
		}
		defer func() { b.depth-- }()
		out := b.leaf(Seq, n)
		out.Items = make([]*Node, 0, len(n.Content))
		for _, c := range n.Content {
			out.Items = append(out.Items, b.node(c))
		}
		return out
	case yaml.MappingNode:
		if !b.enter(n) {
			return b.leaf(Null, n)
		}
		defer func() { b.depth-- }()
		return b.mapping(n)
	default:
		return b.scalar(n)
	}
}

// mapping builds a map the way PyYAML's flatten_mapping + OmegaConf's
// duplicate check do: duplicates are checked among the keys as written;
// merged keys come first (in `<<: [*a, *b]`, *a wins over *b) and keys
// written locally override them.
func (b *builder) mapping(n *yaml.Node) *Node {
	// A merge source is only read for its pairs: its node must not pin a slab.
	transient := b.transient
	b.transient = false
	pairs, merged := b.pairs(n)
	out := b.mapNode(transient)
	out.Kind, out.At = Map, b.at(n)
	if len(merged) == 0 {
		out.Pairs = pairs
		return out
	}
	// PyYAML builds the dict from the merged pairs followed by the local
	// ones; a later key overwrites an earlier one in place.
	out.Pairs = make([]Pair, 0, len(merged)+len(pairs))
	var index map[string]int // small results are searched directly
	if len(merged)+len(pairs) > 32 {
		index = make(map[string]int, len(merged)+len(pairs))
	}
	for _, group := range [][]Pair{merged, pairs} {
		for _, p := range group {
			at, ok := -1, false
			if index != nil {
				at, ok = index[p.Key]
			} else {
				for i := range out.Pairs {
					if out.Pairs[i].Key == p.Key {
						at, ok = i, true
						break
					}
				}
			}
			if ok {
				out.Pairs[at].Value = p.Value
				continue
			}
			if index != nil {
				index[p.Key] = len(out.Pairs)
			}
			out.Pairs = append(out.Pairs, p)
		}
	}
	return out
}

// mapNode returns a fresh node for a mapping: from the heap when it is
// dropped at once (transient), else from the slab.
func (b *builder) mapNode(transient bool) *Node {
	if transient {
		return &Node{}
	}
	return b.newNode()
}

// pairs returns the keys written in n, in order (a duplicate keeps the
// first key's place and takes the later value, as Set does), and the pairs
// its merge keys contribute.
func (b *builder) pairs(n *yaml.Node) (pairs, merged []Pair) {
	pairs = make([]Pair, 0, len(n.Content)/2)
	// Keys as written, for OmegaConf's duplicate check; small mappings (most
	// of them) are searched directly instead of through a map.
	var keyBuf [16]*yaml.Node
	keys := keyBuf[:0]
	var seen map[string]*yaml.Node
	if len(n.Content) > 32 {
		seen = make(map[string]*yaml.Node, len(n.Content)/2)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			merged = append(merged, b.mergeSource(v)...)
			continue
		}
		key := b.keyString(k)
		var prev *yaml.Node
		if seen != nil {
			if prev = seen[key]; prev == nil {
				seen[key] = k
			}
		} else {
			for j, p := range pairs {
				if p.Key == key {
					prev = keys[j]
					break
				}
			}
		}
		if prev != nil {
			b.diags.Add(diag.Diagnostic{
				Pos: b.pos(k), Code: CodeDuplicateKey,
				Message: fmt.Sprintf("duplicate key %q in one mapping", key),
				Notes:   []diag.Note{{Pos: b.pos(prev), Message: "first defined here"}},
			})
			val := b.node(v)
			for j := range pairs {
				if pairs[j].Key == key {
					pairs[j].Value = val
					break
				}
			}
			continue
		}
		keys = append(keys, k)
		pairs = append(pairs, Pair{Key: key, KeyAt: b.at(k), Value: b.node(v)})
	}
	return pairs, merged
}

// mergeSource returns the pairs a `<<` value contributes, in the order
// PyYAML's flatten_mapping lists them: for `<<: [*a, *b]` the sources are
// reversed, so *a's values are assigned last and win.
func (b *builder) mergeSource(v *yaml.Node) []Pair {
	if v.Kind == yaml.SequenceNode {
		var groups [][]Pair
		for _, item := range v.Content {
			groups = append(groups, b.mergeMapping(item))
		}
		var out []Pair
		for i := len(groups) - 1; i >= 0; i-- {
			out = append(out, groups[i]...)
		}
		return out
	}
	return b.mergeMapping(v)
}

func (b *builder) mergeMapping(v *yaml.Node) []Pair {
	b.transient = true // only m's pairs are kept (a stray flag costs a heap node, nothing else)
	m := b.node(v)
	b.transient = false
	if m == nil || m.Kind != Map {
		b.diags.Reportf(b.pos(v), CodeSyntax, "a merge key `<<` needs a mapping or a list of mappings")
		return nil
	}
	return m.Pairs
}

func (b *builder) keyString(k *yaml.Node) string {
	if k.Kind == yaml.AliasNode && k.Alias != nil {
		k = k.Alias
	}
	if k.Kind != yaml.ScalarNode {
		b.diags.Reportf(b.pos(k), CodeSyntax, "a mapping key must be a scalar")
		return fmt.Sprintf("<%s key>", kindName(k.Kind))
	}
	var out Node // only its text is kept: no allocation for every key
	b.scalarInto(&out, k)
	return out.Str()
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "sequence"
	}
	return "scalar"
}

func (b *builder) scalar(n *yaml.Node) *Node {
	out := b.newNode()
	b.scalarInto(out, n)
	return out
}

// scalarInto types the scalar n into out, a zero node.
func (b *builder) scalarInto(out *Node, n *yaml.Node) {
	out.Kind, out.At, out.Text = String, b.at(n), n.Value
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		out.Quoted = true
		if n.Tag == "!!str" || n.Tag == "" {
			return
		}
	}
	tag := n.Tag
	if tag == "" || tag == "!" {
		tag = "!!str"
	}
	if n.Style&yaml.TaggedStyle == 0 && !out.Quoted {
		resolveImplicit(out, n.Value, b.dialect)
		b.checkDigits(out)
		return
	}
	switch tag {
	case "!!str":
	case "!!null":
		out.Kind = Null
	case "!!bool", "!!int", "!!float":
		resolveImplicit(out, n.Value, b.dialect)
		b.checkDigits(out)
		if out.Kind.String() != tag[2:] {
			b.diags.Reportf(out.Pos(), CodeSyntax, "value %q is not a valid %s", n.Value, tag)
		}
	default:
		b.diags.Reportf(out.Pos(), CodeSyntax, "unknown YAML tag %s (Kedro's loader refuses it)", n.Tag)
	}
}
