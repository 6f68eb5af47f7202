package tree

import (
	"encoding/json"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

// A string holding invisible format characters, one beyond U+FFFF (the
// language tag U+E0001), comes back unchanged from the JSON and the YAML
// config output, with every such character written as an escape.
func TestEscapedStringsReadBack(t *testing.T) {
	s := "a\u202eb\U000e0001c\u0085d"
	n := &Node{Kind: Map, Pairs: []Pair{{Key: s, Value: &Node{Kind: String, Text: s}}}}

	var fromJSON map[string]string
	if err := json.Unmarshal(n.JSON(""), &fromJSON); err != nil {
		t.Fatal(err)
	}
	if fromJSON[s] != s {
		t.Errorf("JSON %s reads back as %q, want %q", n.JSON(""), fromJSON, s)
	}
	var fromYAML map[string]string
	if err := yaml.Unmarshal(n.YAML(), &fromYAML); err != nil {
		t.Fatal(err)
	}
	if fromYAML[s] != s {
		t.Errorf("YAML %s reads back as %q, want %q", n.YAML(), fromYAML, s)
	}
	for _, out := range [][]byte{n.JSON(""), n.YAML()} {
		for _, r := range string(out) {
			if r >= 0x80 {
				t.Errorf("%s holds %U raw", out, r)
			}
		}
	}
}

// JSON output writes strings as plans and every other JSON output of kfc
// do (esc.AppendJSONString: no HTML escaping), plus esc.JSON.
func TestJSONStringsAsPlansWriteThem(t *testing.T) {
	n := &Node{Kind: Map, Pairs: []Pair{{Key: "a<b", Value: &Node{Kind: String, Text: "x&y>\n\u2028"}}}}
	if got, want := string(n.JSON("")), `{"a<b":"x&y>\n\u2028"}`; got != want {
		t.Errorf("JSON = %s, want %s", got, want)
	}
}
