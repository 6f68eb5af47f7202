package mlproject

import "testing"

// Expected values from MLflow 3.6's get_local_path_or_none and
// local_file_uri_to_path under Python 3.11.
func TestLocalPath(t *testing.T) {
	for _, c := range []struct {
		in, path string
		local    bool
	}{
		{"data/x.csv", "data/x.csv", true},
		{"a%20b", "a b", true},
		{"a%zz", "a%zz", true},
		{"file:x", "x", true},
		{"file:///tmp/x?q#f", "/tmp/x", true},
		{"FILE:///x", "FILE:///x", true},
		{"/abs/x", "/abs/x", true},
		{"x#y", "x#y", true},
		{"x?y", "x?y", true},
		{"", "", true},
		{"file://host/x", "", false},
		{"s3://b/k", "", false},
		{"C:/x", "", false},
		{"https://example.com/x.csv", "", false},
	} {
		path, local := LocalPath(c.in)
		if path != c.path || local != c.local {
			t.Errorf("LocalPath(%q) = %q, %v; want %q, %v", c.in, path, local, c.path, c.local)
		}
	}
}
