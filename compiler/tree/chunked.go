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
// no anchors (so no piece can refer to another), no document markers and
// no directives; ok is false when it does not apply or any piece fails to
// parse, and the caller then parses the whole file, so findings and
// positions are exactly those of a whole-file parse.
func parseChunked(path string, src []byte, dialect Dialect, diags *diag.List) (root *Node, ok bool) {
	starts := topLevelKeyLines(src)
	if starts == nil {
		return nil, false
	}
	pieces := runtime.GOMAXPROCS(0) * 2
	var cuts []int // byte offsets where pieces start
	next := 0
	for _, s := range starts {
		if s >= next {
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
	}
	out := make([]piece, len(cuts))
	pool.Each(len(cuts), func(i int) {
		end := len(src)
		if i+1 < len(cuts) {
			end = cuts[i+1]
		}
		chunk, lineOffset := src[cuts[i]:end], bytes.Count(src[:cuts[i]], []byte("\n"))
		var doc yaml.Node
		if err := yaml.Unmarshal(chunk, &doc); err != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
			return
		}
		b := &builder{path: path, dialect: dialect, diags: &out[i].diags, active: map[*yaml.Node]bool{},
			limit: baseNodes + len(src)/2, lineOffset: lineOffset}
		out[i].root, out[i].ok = b.node(doc.Content[0]), !b.stopped()
	})
	root = &Node{Kind: Map}
	first := map[string]Pair{}
	for i := range out {
		if !out[i].ok {
			return nil, false
		}
		if i == 0 {
			root.Pos = out[i].root.Pos
		}
		diags.Merge(&out[i].diags)
		for _, p := range out[i].root.Pairs {
			if prev, dup := first[p.Key]; dup {
				diags.Add(diag.Diagnostic{Pos: p.KeyPos, Severity: diag.Error, Rule: RuleDuplicateKey,
					Message: fmt.Sprintf("duplicate key %q in one mapping", p.Key),
					Notes:   []diag.Note{{Pos: prev.KeyPos, Message: "first defined here"}}})
				root.Set(p.Key, p.KeyPos, p.Value)
				continue
			}
			first[p.Key] = p
			root.Pairs = append(root.Pairs, p)
		}
	}
	return root, true
}

// topLevelKeyLines returns the byte offsets of the lines that start a
// top-level key, or nil when the file is not one plain block mapping that
// can be cut safely.
func topLevelKeyLines(src []byte) []int {
	if len(src) < chunkMin || bytes.IndexByte(src, '&') >= 0 || bytes.IndexByte(src, '\t') >= 0 || otherLineBreaks(src) {
		return nil
	}
	var starts []int
	for off := 0; off < len(src); {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src) - off
		}
		line := src[off : off+end]
		if len(line) > 0 {
			switch c := line[0]; {
			case c == '%' || bytes.HasPrefix(line, []byte("---")) || bytes.HasPrefix(line, []byte("...")):
				return nil
			case c == ' ' || c == '#' || c == '\r':
			case c == '-' || c == '{' || c == '[' || c == '?' || c == '|' || c == '>':
				return nil // a flow or sequence top level, a complex key, or `key:\n- item`: do not cut
			case bytes.HasPrefix(line, []byte("<<")):
				return nil // merged keys are overridden by keys in every other piece
			default:
				starts = append(starts, off)
			}
		}
		off += end + 1
	}
	return starts
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
