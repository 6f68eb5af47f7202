package py

import "testing"

// Expected values are Python 3.11's repr() and ascii().
func TestRepr(t *testing.T) {
	for _, c := range []struct{ in, repr, ascii string }{
		{"abc", "'abc'", "'abc'"},
		{"it's", `"it's"`, `"it's"`},
		{`both ' and "`, `'both \' and "'`, `'both \' and "'`},
		{"tab\tnl\ncr\r", `'tab\tnl\ncr\r'`, `'tab\tnl\ncr\r'`},
		{"back\\slash", `'back\\slash'`, `'back\\slash'`},
		{"\x00\x7f", `'\x00\x7f'`, `'\x00\x7f'`},
		{"café", "'café'", `'caf\xe9'`},
		{"\u2028", `'\u2028'`, `'\u2028'`},
		{"😀", "'😀'", `'\U0001f600'`},
		{"\xff", `'\udcff'`, `'\udcff'`},
	} {
		if got := Repr(c.in); got != c.repr {
			t.Errorf("Repr(%q) = %s, want %s", c.in, got, c.repr)
		}
		if got := ASCII(c.in); got != c.ascii {
			t.Errorf("ASCII(%q) = %s, want %s", c.in, got, c.ascii)
		}
	}
}
