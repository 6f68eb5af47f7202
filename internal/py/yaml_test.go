package py

import (
	"encoding/json"
	"os"
	"testing"
)

// testdata/pyyaml_cases.json holds what PyYAML's CSafeDumper (libyaml), called
// as MLflow's write_yaml calls it, wrote for each value; it was made by
// testdata/pyyaml_cases.py with Debian bookworm's python3-yaml 6.0.
func TestYAMLMappingMatchesPyYAML(t *testing.T) {
	data, err := os.ReadFile("testdata/pyyaml_cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Key   string `json:"key"`
		Value any    `json:"value"`
		YAML  string `json:"yaml"`
	}
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	fails := 0
	for _, c := range cases {
		v := c.Value
		switch x := v.(type) {
		case float64:
			v = int64(x)
		case []any:
			v = EmptyList{}
		case map[string]any:
			v = EmptyMap{}
		}
		got := YAMLMapping([]YAMLItem{{c.Key, v}})
		if got != c.YAML {
			fails++
			if fails <= 15 {
				t.Errorf("%s: %q\n got %q\nwant %q", c.Key, c.Value, got, c.YAML)
			}
		}
	}
	if fails > 0 {
		t.Errorf("%d of %d cases differ", fails, len(cases))
	}
}
