package tree

import (
	"bytes"
	"fmt"
	"runtime"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/internal/pool"
	yaml "go.yaml.in/yaml/v3"
)

// chunkMin is the size from which a file is parsed in pieces: below it the
// goroutines cost more than they save.
const chunkMin = 128 << 10

// parseChunked parses a large file whose top level is a block mapping as
// several pieces cut at top-level keys, on all cores: a 1 MB pipelines
// file is otherwise the slowest step of a vet. It only handles files with
// no document markers and no directives, whose anchors are all defined
// before some top-level key (the prefix: every piece is parsed after a copy
// of it, so its aliases expand exactly as in the whole file); ok is false
// when it does not apply or any piece fails to parse, and the caller then
// parses the whole file, so findings and positions are exactly those of a
// whole-file parse.
func parseChunked(path string, src []byte, dialect Dialect, diags *diag.List) (root *Node, ok bool) {
	starts, prefix := topLevelKeyLines(src)
	if starts == nil {
		return nil, false
	}
	pieces := runtime.GOMAXPROCS(0) * 2
	var cuts []int // byte offsets where pieces start
	next := 0
	for _, s := range starts {
		if s >= next && (len(cuts) == 0 || s >= prefix) {
			cuts = append(cuts, s)
			next = s + len(src)/pieces
		}
	}
	if len(cuts) < 2 {
		return nil, false
	}
	cuts[0] = 0 // leading comments belong to the first piece
	type piece struct {
		root  *Node
		diags diag.List
		ok    bool
		count int // values built, for the alias expansion bound
		keys  int // top-level keys read in the prefix, the same in every piece
	}
	prefixLines := bytes.Count(src[:prefix], []byte("\n"))
	out := make([]piece, len(cuts))
	pool.Each(len(cuts), func(i int) {
		end := len(src)
		if i+1 < len(cuts) {
			end = cuts[i+1]
		}
		chunk, lineOffset := src[cuts[i]:end], bytes.Count(src[:cuts[i]], []byte("\n"))
		p := &out[i]
		splitLine := 0
		if i > 0 && prefix > 0 {
			// The prefix keeps its own lines; the piece's move down.
			chunk = append(src[:prefix:prefix], chunk...)
			splitLine, lineOffset = prefixLines, lineOffset-prefixLines
		}
		top, mem := readPiece(chunk)
		defer mem.release()
		if top == nil || top.Kind != yaml.MappingNode {
			return
		}
		p.keys = keysUpTo(top, prefixLines)
		if splitLine > 0 {
			if top = dropPrefix(top, splitLine); top == nil {
				return
			}
		}
		b := &builder{path: path, dialect: dialect, diags: &p.diags, active: map[*yaml.Node]bool{},
			limit: baseNodes + len(src)/2, lineOffset: lineOffset, splitLine: splitLine}
		p.root, p.ok, p.count = b.node(top), !b.stopped(), b.count
	})
	// The whole file counts each value once and one root, not one a piece:
	// past its bound the whole-file parse says where.
	total := 1 - len(out)
	for i := range out {
		total += out[i].count
	}
	if total > baseNodes+len(src)/2 {
		return nil, false
	}
	keys := 0
	for i := range out {
		if !out[i].ok || out[i].keys != out[0].keys {
			return nil, false
		}
		keys += len(out[i].root.Pairs)
	}
	// Sized once: the pairs stay live for the whole run, and growing them
	// (and a map of whole pairs) by appending cost a quarter of what a
	// catalog's top level allocates.
	root = &Node{Kind: Map, At: out[0].root.At, Pairs: make([]Pair, 0, keys)}
	first := make(map[string]int, keys) // key -> its index in root.Pairs
	for i := range out {
		diags.Merge(&out[i].diags)
		for _, p := range out[i].root.Pairs {
			if at, dup := first[p.Key]; dup {
				prev := &root.Pairs[at]
				diags.Add(diag.Diagnostic{Pos: p.KeyPos(), Code: CodeDuplicateKey,
					Message: fmt.Sprintf("duplicate key %q in one mapping", p.Key),
					Notes:   []diag.Note{{Pos: prev.KeyPos(), Message: "first defined here"}}})
				prev.Value = p.Value // the last value wins, at the first key (Node.Set)
				continue
			}
			first[p.Key] = len(root.Pairs)
			root.Pairs = append(root.Pairs, p)
		}
	}
	return root, true
}

// readPiece is the root node of one piece (and fastRead's slabs, if it
// read it), or nil when it does not parse.
func readPiece(chunk []byte) (*yaml.Node, *slabs) {
	if top, mem := readFast(chunk); top != nil {
		return top, mem
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(chunk, &doc); err != nil || len(doc.Content) == 0 {
		return nil, nil
	}
	return doc.Content[0], nil
}

// dropPrefix returns the top-level mapping without the keys written on the
// first lines lines (the prefix, built by the first piece), or nil when
// the rest does not start right after them with a key at column 1, as it
// does when the prefix was cut where it should not have been.
func dropPrefix(top *yaml.Node, lines int) *yaml.Node {
	for i := 0; i+1 < len(top.Content); i += 2 {
		if k := top.Content[i]; k.Line > lines {
			if k.Line != lines+1 || k.Column != 1 {
				return nil
			}
			rest := *top
			rest.Content = top.Content[i:]
			return &rest
		}
	}
	return nil
}

// keysUpTo counts the keys of the top-level mapping written on the first
// lines lines.
func keysUpTo(top *yaml.Node, lines int) int {
	n := 0
	for i := 0; i < len(top.Content); i += 2 {
		if top.Content[i].Line <= lines {
			n++
		}
	}
	return n
}

// topLevelKeyLines returns the byte offsets of the lines that start a
// top-level key, or nil when the file is not one plain block mapping that
// can be cut safely. prefix is the offset of the first of those lines
// after the last anchor (0 when there is none): no cut may come before it.
func topLevelKeyLines(src []byte) (starts []int, prefix int) {
	if len(src) < chunkMin || bytes.IndexByte(src, '\t') >= 0 || otherLineBreaks(src) {
		return nil, 0
	}
	lastAnchor := bytes.LastIndexByte(src, '&')
	for off := 0; off < len(src); {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src) - off
		}
		line := src[off : off+end]
		if len(line) > 0 {
			switch c := line[0]; {
			case c == '%' || bytes.HasPrefix(line, []byte("---")) || bytes.HasPrefix(line, []byte("...")):
				return nil, 0
			case c == ' ' || c == '#' || c == '\r':
			case c == '-' || c == '{' || c == '[' || c == '?' || c == '|' || c == '>':
				return nil, 0 // a flow or sequence top level, a complex key, or `key:\n- item`: do not cut
			case bytes.HasPrefix(line, []byte("<<")):
				return nil, 0 // merged keys are overridden by keys in every other piece
			default:
				if lastAnchor >= 0 && prefix == 0 && off > lastAnchor {
					prefix = off
				}
				starts = append(starts, off)
			}
		}
		off += end + 1
	}
	if lastAnchor >= 0 && (prefix == 0 || prefix > len(src)/4) {
		return nil, 0 // anchors late in the file: every piece would parse most of it
	}
	return starts, prefix
}

// otherLineBreaks reports line breaks YAML counts besides "\n" (a CR not
// followed by LF, NEL, U+2028, U+2029): piece offsets count newlines, so
// positions after one would be a line off from the whole-file parse.
func otherLineBreaks(src []byte) bool {
	for i := bytes.IndexByte(src, '\r'); i >= 0; {
		if i+1 >= len(src) || src[i+1] != '\n' {
			return true
		}
		next := bytes.IndexByte(src[i+1:], '\r')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return bytes.Contains(src, []byte("\u0085")) || bytes.Contains(src, []byte("\u2028")) || bytes.Contains(src, []byte("\u2029"))
}
