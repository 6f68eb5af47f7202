package lockfile

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// The hand-written journal encoder writes what encoding/json writes, for
// every shape an entry takes: escapes, nil and empty lists and maps,
// versions and none, external artifacts, parameter objects, deletions.
func TestJournalLineIsEncodingJSON(t *testing.T) {
	odd := "quote\" back\\ tab\t nl\n <html>&amp; \u2028 \x01 é \xff"
	cases := map[string]*Entry{
		"node.full":    entry("sha256:1"),
		"node.deleted": nil,
		"node.empty":   {},
		"node.emptied": {Inputs: []Artifact{}, Outputs: []Artifact{}, Parameters: map[string]json.RawMessage{}},
		"node." + odd: {
			Command:  odd,
			NodeHash: odd,
			Inputs:   []Artifact{{Name: odd, Path: odd, Digest: odd, Size: -1, Version: odd, External: true}},
			Parameters: map[string]json.RawMessage{
				odd: json.RawMessage(`"x"`), "b": json.RawMessage(" {\"z\": [1, 2.50, null], \"a\": {}}\n"),
				"a": json.RawMessage(`true`), "n": nil,
			},
		},
	}
	for id, e := range cases {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(journalLine{ID: id, Entry: e}); err != nil {
			t.Fatal(err)
		}
		got, err := appendJournalLine(nil, id, e)
		if err != nil {
			t.Fatalf("%q: %v", id, err)
		}
		if string(got) != want.String() {
			t.Errorf("%q:\n got %s\nwant %s", id, got, want.String())
		}
	}
	bad := &Entry{Parameters: map[string]json.RawMessage{"p": json.RawMessage(`{"a":`)}}
	if _, err := appendJournalLine(nil, "node.bad", bad); err == nil || !strings.Contains(err.Error(), "parameter p") {
		t.Errorf("a parameter that is not JSON: err = %v", err)
	}
}

// Encode is what encoding/json's indented Encoder writes for the document
// (the way it was encoded before), for entries of every shape.
func TestEncodeIsEncodingJSON(t *testing.T) {
	odd := "quote\" <b> \u2029 \x02 é"
	l := &Lock{}
	l.Set("node.train", entry("sha256:1"))
	l.Set("node.a", &Entry{NodeHash: "x", Parameters: map[string]json.RawMessage{"p": json.RawMessage(`{"b": [1, {"d": 2, "c": []}], "a": {}}`), "q": json.RawMessage(`"s"`)}})
	l.Set("node."+odd, &Entry{Command: odd, Outputs: []Artifact{{Name: odd, Path: odd, Version: odd, Size: 1 << 40}}})
	for _, e := range l.Nodes {
		normalize(e)
	}
	want := encodingJSON(t, l)
	got, err := l.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	empty, _ := (&Lock{}).Encode()
	if string(empty) != "{\n  \"nodes\": {},\n  \"schema_version\": \"1\"\n}\n" {
		t.Errorf("empty lock: %q", empty)
	}
}

// encodingJSON is the lock as encoding/json's indented Encoder writes it
// (its entries normalised by the Encode before).
func encodingJSON(t *testing.T, l *Lock) []byte {
	doc := struct {
		Nodes         map[string]*Entry `json:"nodes"`
		SchemaVersion string            `json:"schema_version"`
	}{l.Nodes, SchemaVersion}
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		t.Fatal(err)
	}
	return want.Bytes()
}
