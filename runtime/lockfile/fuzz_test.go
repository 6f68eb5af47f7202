package lockfile

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// FuzzLockFile feeds parse what a user, a merge or a crash can leave in
// kfc.lock. It never panics; a fault names the file; and what it accepts,
// Encode writes as encoding/json's indented Encoder would (the format's
// definition), parse reads back, and Encode then writes again byte for
// byte. Seeds: f.Add below and testdata/fuzz/FuzzLockFile.
func FuzzLockFile(f *testing.F) {
	valid := &Lock{}
	valid.Set("node.train", entry("sha256:1"))
	valid.Set("node.report", &Entry{Command: "cat a", NodeHash: "h", Parameters: map[string]json.RawMessage{"p": json.RawMessage(`{"b":[1,2.5e3],"a":null}`)}})
	b, err := valid.Encode()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`{"nodes":{},"schema_version":"1"}`))
	f.Add([]byte(`{"nodes":{"node.x":null},"schema_version":"1"}`))
	f.Add([]byte(`{"schema_version":"2","nodes":{"x":{"future":true}}}`))
	f.Add([]byte("{\n<<<<<<< HEAD\n  \"nodes\": {}\n=======\n>>>>>>> main\n}\n"))
	f.Add([]byte(`{"nodes":{"node.x":{"command":"\u00e9\ud800","inputs":null,"node_hash":"","outputs":[{"name":"b"},{"name":"a","size":-1}],"parameters":{"k":{"z":1,"a":[]}}}},"schema_version":"1"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if nesting(b) > 64 {
			// Indented JSON grows with the square of the depth (encoding/json's
			// too): 4,000 levels are 32 MB. Such inputs stall the fuzzer and
			// test nothing the shallow ones do not.
			t.Skip("nested too deep")
		}
		l, err := parse("kfc.lock", b)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "kfc.lock:") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		got, err := l.Encode()
		if err != nil {
			// A parameter that is not JSON cannot come from parse.
			t.Fatalf("Encode of a parsed lock: %v", err)
		}
		want := encodingJSON(t, l)
		if !bytes.Equal(got, want) {
			t.Fatalf("Encode differs from encoding/json:\n got %s\nwant %s", got, want)
		}
		again, err := parse("kfc.lock", got)
		if err != nil {
			t.Fatalf("kfc.lock as written does not read back: %v\n%s", err, got)
		}
		twice, err := again.Encode()
		if err != nil || !bytes.Equal(twice, got) {
			t.Fatalf("second Encode differs (%v):\n%s\nthen\n%s", err, got, twice)
		}
	})
}

// nesting is the deepest run of unclosed brackets in b (strings not told
// apart: an upper bound is enough).
func nesting(b []byte) int {
	depth, deepest := 0, 0
	for _, c := range b {
		switch c {
		case '[', '{':
			depth++
			deepest = max(deepest, depth)
		case ']', '}':
			depth--
		}
	}
	return deepest
}
