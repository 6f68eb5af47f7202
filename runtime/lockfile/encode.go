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

// enc is the shared hand JSON writer, with the lock file's own types.
type enc struct{ esc.JSONWriter }

// appendJournalLine appends the journal line of one entry (nil: deleted),
// what encoding/json's Encoder writes for journalLine, newline included.
func appendJournalLine(b []byte, id string, e *Entry) ([]byte, error) {
	w := &enc{esc.JSONWriter{B: b}}
	w.Open('{')
	w.Key("entry")
	if err := w.entry(e); err != nil {
		return nil, err
	}
	w.Key("id")
	w.Str(id)
	w.Close('}')
	return append(w.B, '\n'), nil
}

func (w *enc) entry(e *Entry) error {
	if e == nil {
		w.B = append(w.B, "null"...)
		return nil
	}
	w.Open('{')
	w.Key("command")
	w.Str(e.Command)
	w.Key("inputs")
	w.artifacts(e.Inputs)
	w.Key("node_hash")
	w.Str(e.NodeHash)
	w.Key("outputs")
	w.artifacts(e.Outputs)
	w.Key("parameters")
	if err := w.parameters(e.Parameters); err != nil {
		return err
	}
	w.Close('}')
	return nil
}

func (w *enc) parameters(ps map[string]json.RawMessage) error {
	if ps == nil {
		w.B = append(w.B, "null"...)
		return nil
	}
	keys := make([]string, 0, len(ps))
	for k := range ps {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	w.Open('{')
	for _, k := range keys {
		w.Key(k)
		v := ps[k]
		if v == nil {
			w.B = append(w.B, "null"...)
			continue
		}
		// As encoding/json does with a RawMessage: compacted (then
		// indented with the rest), and an error if it is not JSON.
		var c bytes.Buffer
		var err error
		if w.Pretty {
			err = json.Indent(&c, v, strings.Repeat("  ", w.Depth), "  ")
		} else {
			err = json.Compact(&c, v)
		}
		if err != nil {
			return fmt.Errorf("parameter %s: %w", k, err)
		}
		w.B = append(w.B, c.Bytes()...)
	}
	w.Close('}')
	return nil
}

func (w *enc) artifacts(as []Artifact) {
	if as == nil {
		w.B = append(w.B, "null"...)
		return
	}
	w.Open('[')
	for _, a := range as {
		w.Elem()
		w.Open('{')
		w.Key("digest")
		w.Str(a.Digest)
		w.Key("external")
		w.B = strconv.AppendBool(w.B, a.External)
		w.Key("name")
		w.Str(a.Name)
		w.Key("path")
		w.Str(a.Path)
		w.Key("size")
		w.B = strconv.AppendInt(w.B, a.Size, 10)
		if a.Version != "" {
			w.Key("version")
			w.Str(a.Version)
		}
		w.Close('}')
	}
	w.Close(']')
}
