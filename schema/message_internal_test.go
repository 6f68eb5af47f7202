package schema

import (
	"strings"
	"testing"
)

// CUE's "conflicting values A and B" puts the data's value on either side,
// and a string value may hold " and " itself: the message names the value
// whole and the alternatives apart, whichever way round CUE wrote them.
func TestConflictingValuesRead(t *testing.T) {
	for doc, want := range map[string]string{
		`{"status": "a and b"}`: `1:12: status: invalid value "a and b" (want one of "FAILED", "FINISHED", "KILLED", "RUNNING")`,
		`{"status": 3}`:         `1:12: status: invalid value 3 (want one of "FAILED", "FINISHED", "KILLED", "RUNNING")`,
		`{"nodes": "x and y"}`:  `1:11: nodes: invalid value "x and y" (want [...#ManifestNode])`,
		`{"user": ["a"]}`:       `1:10: user: invalid value ["a"] (want string)`,
	} {
		err := CheckManifest("m.json", []byte(doc))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s:\n got %v\nwant a line %s", doc, err, want)
		}
	}
}
