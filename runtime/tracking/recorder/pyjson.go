package recorder

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/kfc-dev/kfc/internal/py"
)

// value is a JSON value decoded with its object keys in document order,
// as the Python dict Kedro hands a node would keep them.
type value struct {
	kind  byte // 'n' null, 'b' bool, 'i' int, 'f' float, 's' string, 'l' list, 'd' dict
	b     bool
	text  string // int digits, float text, string
	items []*value
	keys  []string
}

func decodeValue(raw []byte) (*value, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	v, err := decodeNext(d)
	if err != nil {
		return nil, err
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, fmt.Errorf("trailing data after a JSON value")
	}
	return v, nil
}

func decodeNext(d *json.Decoder) (*value, error) {
	t, err := d.Token()
	if err != nil {
		return nil, err
	}
	switch t := t.(type) {
	case nil:
		return &value{kind: 'n'}, nil
	case bool:
		return &value{kind: 'b', b: t}, nil
	case string:
		return &value{kind: 's', text: t}, nil
	case json.Number:
		s := string(t)
		if strings.ContainsAny(s, ".eE") {
			return &value{kind: 'f', text: s}, nil
		}
		return &value{kind: 'i', text: s}, nil
	case json.Delim:
		switch t {
		case '[':
			v := &value{kind: 'l'}
			for d.More() {
				it, err := decodeNext(d)
				if err != nil {
					return nil, err
				}
				v.items = append(v.items, it)
			}
			_, err := d.Token()
			return v, err
		case '{':
			v := &value{kind: 'd'}
			for d.More() {
				k, err := d.Token()
				if err != nil {
					return nil, err
				}
				it, err := decodeNext(d)
				if err != nil {
					return nil, err
				}
				v.keys = append(v.keys, k.(string))
				v.items = append(v.items, it)
			}
			_, err := d.Token()
			return v, err
		}
	}
	return nil, fmt.Errorf("unexpected JSON token %v", t)
}

// pyStr is Python's str() of the value: a string as it is, everything
// else as repr() writes it (True, None, 1.0, 1e-05, {'a': [1, 'x']}).
func pyStr(v *value) string {
	if v.kind == 's' {
		return v.text
	}
	var b strings.Builder
	writeRepr(&b, v)
	return b.String()
}

func writeRepr(b *strings.Builder, v *value) {
	switch v.kind {
	case 'n':
		b.WriteString("None")
	case 'b':
		if v.b {
			b.WriteString("True")
		} else {
			b.WriteString("False")
		}
	case 'i':
		b.WriteString(v.text)
	case 'f':
		f, err := strconv.ParseFloat(v.text, 64)
		if err != nil { // out of range: Python's float() gives inf too
			b.WriteString(v.text)
			return
		}
		b.WriteString(py.FloatRepr(f))
	case 's':
		b.WriteString(py.Repr(v.text))
	case 'l':
		b.WriteByte('[')
		for i, it := range v.items {
			if i > 0 {
				b.WriteString(", ")
			}
			writeRepr(b, it)
		}
		b.WriteByte(']')
	case 'd':
		b.WriteByte('{')
		for i, it := range v.items {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(py.Repr(v.keys[i]))
			b.WriteString(": ")
			writeRepr(b, it)
		}
		b.WriteByte('}')
	}
}
