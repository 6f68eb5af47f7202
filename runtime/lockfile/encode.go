package lockfile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"

	"github.com/kfc-dev/kfc/internal/esc"
)

// appendJournalLine appends the journal line of one entry (nil: deleted),
// byte for byte what encoding/json's Encoder writes for journalLine with
// HTML escaping off (TestJournalLineIsEncodingJSON), newline included.
// The reflection encoder was most of Append's CPU: once a node, it is on
// kfc exec's per-node path (docs/bench.md).
func appendJournalLine(b []byte, id string, e *Entry) ([]byte, error) {
	b = append(b, `{"entry":`...)
	b, err := appendEntry(b, e)
	if err != nil {
		return nil, err
	}
	b = append(b, `,"id":`...)
	b = esc.AppendJSONString(b, id)
	return append(b, "}\n"...), nil
}

func appendEntry(b []byte, e *Entry) ([]byte, error) {
	if e == nil {
		return append(b, "null"...), nil
	}
	b = append(b, `{"command":`...)
	b = esc.AppendJSONString(b, e.Command)
	b = append(b, `,"inputs":`...)
	b = appendArtifacts(b, e.Inputs)
	b = append(b, `,"node_hash":`...)
	b = esc.AppendJSONString(b, e.NodeHash)
	b = append(b, `,"outputs":`...)
	b = appendArtifacts(b, e.Outputs)
	b = append(b, `,"parameters":`...)
	if e.Parameters == nil {
		b = append(b, "null"...)
	} else {
		keys := make([]string, 0, len(e.Parameters))
		for k := range e.Parameters {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = esc.AppendJSONString(b, k)
			b = append(b, ':')
			v := e.Parameters[k]
			if v == nil {
				b = append(b, "null"...)
				continue
			}
			// As encoding/json does with a RawMessage: compacted, and an
			// error if it is not JSON.
			var c bytes.Buffer
			if err := json.Compact(&c, v); err != nil {
				return nil, fmt.Errorf("parameter %s: %w", k, err)
			}
			b = append(b, c.Bytes()...)
		}
		b = append(b, '}')
	}
	return append(b, '}'), nil
}

func appendArtifacts(b []byte, as []Artifact) []byte {
	if as == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, a := range as {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"digest":`...)
		b = esc.AppendJSONString(b, a.Digest)
		b = append(b, `,"external":`...)
		b = strconv.AppendBool(b, a.External)
		b = append(b, `,"name":`...)
		b = esc.AppendJSONString(b, a.Name)
		b = append(b, `,"path":`...)
		b = esc.AppendJSONString(b, a.Path)
		b = append(b, `,"size":`...)
		b = strconv.AppendInt(b, a.Size, 10)
		if a.Version != "" {
			b = append(b, `,"version":`...)
			b = esc.AppendJSONString(b, a.Version)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}
