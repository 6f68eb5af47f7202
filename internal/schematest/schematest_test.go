package schematest

import (
	"strings"
	"testing"
)

func TestValidatePlan(t *testing.T) {
	if err := ValidatePlan([]byte(ValidPlan)); err != nil {
		t.Fatalf("valid plan rejected: %v", err)
	}
	for _, tc := range []struct{ from, to, want string }{
		{`"schema_version": "1"`, `"schema_version": "2"`, "/schema_version"},
		{`"env": "local",`, ``, "env"},
		{`"hash": "sha256:0000000000000000000000000000000000000000000000000000000000000000",
  "kfc_version"`, `"hash": "md5:00", "kfc_version"`, "/hash"},
		{`{"argv": ["echo", "hi"]}`, `{"argv": []}`, "/nodes/0/command"},
		{`{"argv": ["echo", "hi"]}`, `{"argv": ["a"], "shell": "b"}`, "/nodes/0/command"},
		{`"resolution": "default"`, `"resolution": "guess"`, "/datasets/a/resolution"},
		{`"selectors": {}`, `"selectors": {"load_versions": {"a": "../x"}}`, "/selectors/load_versions/a"},
		{`"project": {}`, `"project": {"root": "/home/me"}`, "/project"},
	} {
		doc := strings.Replace(ValidPlan, tc.from, tc.to, 1)
		if doc == ValidPlan {
			t.Fatalf("replacement %q not applied", tc.from)
		}
		err := ValidatePlan([]byte(doc))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s -> %s: err = %v, want mention of %s", tc.from, tc.to, err, tc.want)
		}
	}
}
