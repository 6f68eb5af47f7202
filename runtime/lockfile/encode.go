package lockfile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/kfc-dev/kfc/internal/esc"
)

// The hand encoder of entries: byte for byte what encoding/json writes
// with HTML escaping off, compact (a journal line) or with a 2-space
// indent (kfc.lock), tested against it (encode_test.go). Reflection and
// json.Indent were most of Append's CPU, once a node, and 80 ms of Flush
// at 1,000 entries (docs/bench.md).

// enc writes JSON; depth > 0 indents (the nesting depth of what it
// writes next), depth 0 is compact.
type enc struct {
	b      []byte
	pretty bool
	depth  int
}

// open starts an object or array; close ends it (empty: "{}", "[]").
func (w *enc) open(c byte) { w.b = append(w.b, c); w.depth++ }

func (w *enc) close(c byte, empty bool) {
	w.depth--
	if !empty {
		w.newline()
	}
	w.b = append(w.b, c)
}

func (w *enc) newline() {
	if w.pretty {
		w.b = append(w.b, '\n')
		w.b = append(w.b, strings.Repeat("  ", w.depth)...)
	}
}

// key writes a member's name, after a comma unless first.
func (w *enc) key(k string, first bool) {
	if !first {
		w.b = append(w.b, ',')
	}
	w.newline()
	w.b = esc.AppendJSONString(w.b, k)
	w.b = append(w.b, ':')
	if w.pretty {
		w.b = append(w.b, ' ')
	}
}

func (w *enc) str(s string) { w.b = esc.AppendJSONString(w.b, s) }

// appendJournalLine appends the journal line of one entry (nil: deleted),
// what encoding/json's Encoder writes for journalLine, newline included.
func appendJournalLine(b []byte, id string, e *Entry) ([]byte, error) {
	w := &enc{b: b}
	w.open('{')
	w.key("entry", true)
	if err := w.entry(e); err != nil {
		return nil, err
	}
	w.key("id", false)
	w.str(id)
	w.close('}', false)
	return append(w.b, '\n'), nil
}

func (w *enc) entry(e *Entry) error {
	if e == nil {
		w.b = append(w.b, "null"...)
		return nil
	}
	w.open('{')
	w.key("command", true)
	w.str(e.Command)
	w.key("inputs", false)
	w.artifacts(e.Inputs)
	w.key("node_hash", false)
	w.str(e.NodeHash)
	w.key("outputs", false)
	w.artifacts(e.Outputs)
	w.key("parameters", false)
	if err := w.parameters(e.Parameters); err != nil {
		return err
	}
	w.close('}', false)
	return nil
}

func (w *enc) parameters(ps map[string]json.RawMessage) error {
	if ps == nil {
		w.b = append(w.b, "null"...)
		return nil
	}
	keys := make([]string, 0, len(ps))
	for k := range ps {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	w.open('{')
	for i, k := range keys {
		w.key(k, i == 0)
		v := ps[k]
		if v == nil {
			w.b = append(w.b, "null"...)
			continue
		}
		// As encoding/json does with a RawMessage: compacted (then
		// indented with the rest), and an error if it is not JSON.
		var c bytes.Buffer
		var err error
		if w.pretty {
			err = json.Indent(&c, v, strings.Repeat("  ", w.depth), "  ")
		} else {
			err = json.Compact(&c, v)
		}
		if err != nil {
			return fmt.Errorf("parameter %s: %w", k, err)
		}
		w.b = append(w.b, c.Bytes()...)
	}
	w.close('}', len(keys) == 0)
	return nil
}

func (w *enc) artifacts(as []Artifact) {
	if as == nil {
		w.b = append(w.b, "null"...)
		return
	}
	w.open('[')
	for i, a := range as {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.newline()
		w.open('{')
		w.key("digest", true)
		w.str(a.Digest)
		w.key("external", false)
		w.b = strconv.AppendBool(w.b, a.External)
		w.key("name", false)
		w.str(a.Name)
		w.key("path", false)
		w.str(a.Path)
		w.key("size", false)
		w.b = strconv.AppendInt(w.b, a.Size, 10)
		if a.Version != "" {
			w.key("version", false)
			w.str(a.Version)
		}
		w.close('}', false)
	}
	w.close(']', len(as) == 0)
}
