package plan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/kfc-dev/kfc/compiler/tree"
	"github.com/kfc-dev/kfc/internal/esc"
	"github.com/kfc-dev/kfc/internal/py"
)

// RawValue is a configuration value (a parameter, a catalog entry) held as
// canonical compact JSON: object keys sorted, no HTML escaping, numbers as
// written (floats as Python writes them, so 1e-05 and 100000.0 survive).
type RawValue []byte

// MarshalJSON writes the value as held ("null" when empty).
func (v RawValue) MarshalJSON() ([]byte, error) {
	if len(v) == 0 {
		return []byte("null"), nil
	}
	return v, nil
}

// UnmarshalJSON stores data in canonical form, so values read back from a
// plan compare byte for byte with freshly built ones.
func (v *RawValue) UnmarshalJSON(data []byte) error {
	c, err := Canonicalize(data)
	if err != nil {
		return err
	}
	*v = c
	return nil
}

// Equal reports whether two values are the same JSON.
func (v RawValue) Equal(o RawValue) bool { return bytes.Equal(v, o) }

// String is the compact JSON text.
func (v RawValue) String() string {
	if len(v) == 0 {
		return "null"
	}
	return string(v)
}

// FromTree converts a configuration value to canonical JSON. Map keys are
// sorted; NaN and infinities, which JSON cannot hold, become the strings
// "NaN", "Infinity" and "-Infinity" as tree.Node.JSON writes them.
func FromTree(n *tree.Node) RawValue {
	return appendTree(nil, n)
}

func appendTree(b []byte, n *tree.Node) []byte {
	if n == nil {
		return append(b, "null"...)
	}
	switch n.Kind {
	case tree.Null:
		return append(b, "null"...)
	case tree.Bool:
		return strconv.AppendBool(b, n.Bool)
	case tree.Int:
		return append(b, n.IntText()...)
	case tree.Float:
		switch {
		case math.IsNaN(n.Float):
			return append(b, `"NaN"`...)
		case math.IsInf(n.Float, 1):
			return append(b, `"Infinity"`...)
		case math.IsInf(n.Float, -1):
			return append(b, `"-Infinity"`...)
		}
		return append(b, py.FloatRepr(n.Float)...)
	case tree.String:
		return esc.AppendJSONString(b, n.Text)
	case tree.Seq:
		b = append(b, '[')
		for i, it := range n.Items {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendTree(b, it)
		}
		return append(b, ']')
	case tree.Map:
		var small [16]int // the index of a small mapping stays on the stack
		b = append(b, '{')
		for i, k := range sortedPairs(n.Pairs, small[:0]) {
			if i > 0 {
				b = append(b, ',')
			}
			b = esc.AppendJSONString(b, n.Pairs[k].Key)
			b = append(b, ':')
			b = appendTree(b, n.Pairs[k].Value)
		}
		return append(b, '}')
	}
	return append(b, "null"...)
}

// sortedPairs returns the indexes of pairs in key order (keys are unique).
// Most mappings are small: for them an insertion sort in buf (room for
// 16), which allocates nothing, beats sort.Slice.
func sortedPairs(pairs []tree.Pair, buf []int) []int {
	if len(pairs) > cap(buf) {
		idx := make([]int, len(pairs))
		for i := range idx {
			idx[i] = i
		}
		sort.Slice(idx, func(i, j int) bool { return pairs[idx[i]].Key < pairs[idx[j]].Key })
		return idx
	}
	idx := buf[:len(pairs)]
	for i := range idx {
		idx[i] = i
		for j := i; j > 0 && pairs[idx[j]].Key < pairs[idx[j-1]].Key; j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
	return idx
}

// Canonicalize re-encodes any JSON text canonically.
func Canonicalize(data []byte) (RawValue, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	writeAny(&b, v)
	return b.Bytes(), nil
}

func writeAny(b *bytes.Buffer, v any) {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case json.Number:
		b.WriteString(x.String())
	case string:
		writeString(b, x)
	case []any:
		b.WriteByte('[')
		for i, it := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			writeAny(b, it)
		}
		b.WriteByte(']')
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(b, k)
			b.WriteByte(':')
			writeAny(b, x[k])
		}
		b.WriteByte('}')
	default:
		// Only the types a json.Decoder with UseNumber produces reach here.
		writeString(b, fmt.Sprint(x))
	}
}

// writeString writes s as a JSON string (esc.AppendJSONString).
func writeString(b *bytes.Buffer, s string) {
	b.Write(esc.AppendJSONString(b.AvailableBuffer(), s))
}

// Encode writes p as kfc writes plans: two-space indentation, sorted keys,
// no HTML escaping, a trailing newline. The plan hash is part of the
// encoding: Encode computes it from the bytes it writes (PlanHash), sets
// p.Hash and writes it, so an encoded plan always carries the hash of its
// own content.
func Encode(p *Plan) ([]byte, error) {
	w := newPlanWriter(p)
	w.plan(p, zeroHash)
	b := append(w.B, '\n')
	h := sum(b)
	// Overwrite the placeholder's digits (after `"` and "sha256:").
	copy(b[w.hashAt+1:w.hashAt+1+len(h)], h)
	p.Hash = h
	return b, nil
}

func encode(p *Plan, hash string) []byte {
	w := newPlanWriter(p)
	w.plan(p, hash)
	return append(w.B, '\n')
}

// newPlanWriter sizes the buffer at about 1 KiB per dataset and node, so
// it rarely grows.
func newPlanWriter(p *Plan) *jsonWriter {
	return &jsonWriter{JSONWriter: esc.JSONWriter{Pretty: true, B: make([]byte, 0, 4096+1024*(len(p.Datasets)+len(p.Nodes))+2*len(p.Parameters))}}
}

// compact encodes v as compact canonical JSON, the input of every hash.
func compact(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Plan types hold only strings, bools, slices, maps and RawValues
		// that are valid JSON by construction.
		panic(fmt.Sprintf("plan: encoding %T: %v", v, err))
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// Decode reads a plan. It checks only that the JSON fits the Go types;
// check it against #Plan (schema.CheckPlan) for the rest.
func Decode(data []byte) (*Plan, error) {
	var p Plan
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return nil, err
	}
	return &p, nil
}
