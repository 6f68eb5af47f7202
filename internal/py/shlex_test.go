package py

import "testing"

// Expected values are CPython 3.11's shlex.quote.
func TestShellQuote(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", "''"},
		{"abc", "abc"},
		{"a b", "'a b'"},
		{"it's", "'it'\"'\"'s'"},
		{"@%+=:,./-_", "@%+=:,./-_"},
		{"é", "'é'"},
		{"a\nb", "'a\nb'"},
		{"$HOME", "'$HOME'"},
		{"'", "''\"'\"''"},
		{"''", "''\"'\"''\"'\"''"},
		{"x\u0000y", "'x\u0000y'"},
		{"*", "'*'"},
		{"~user", "'~user'"},
		{"a=b", "a=b"},
		{"--flag", "--flag"},
		{"data/x.csv", "data/x.csv"},
		{"s3://b/k=1", "s3://b/k=1"},
		{`["a","b"]`, `'["a","b"]'`},
	} {
		if got := ShellQuote(c.in); got != c.want {
			t.Errorf("ShellQuote(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
