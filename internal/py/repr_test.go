package py

import "testing"

// Expected values are CPython 3.11's repr() and ascii().
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
		{"", "''", "''"},
		{"a", "'a'", "'a'"},
		{"it's", "\"it's\"", "\"it's\""},
		{"say \"hi\"", "'say \"hi\"'", "'say \"hi\"'"},
		{"both ' and \"", "'both \\' and \"'", "'both \\' and \"'"},
		{"tab\tnl\nret\r", "'tab\\tnl\\nret\\r'", "'tab\\tnl\\nret\\r'"},
		{"back\\slash", "'back\\\\slash'", "'back\\\\slash'"},
		{"\u0000\u001f\x7f", "'\\x00\\x1f\\x7f'", "'\\x00\\x1f\\x7f'"},
		{"é", "'é'", "'\\xe9'"},
		{" ", "'\\xa0'", "'\\xa0'"},
		{" ", "'\\u2028'", "'\\u2028'"},
		{"😀", "'😀'", "'\\U0001f600'"},
		{"\u200b", "'\\u200b'", "'\\u200b'"},
		{"퟿", "'\\ud7ff'", "'\\ud7ff'"},
		{"\U000e0001", "'\\U000e0001'", "'\\U000e0001'"},
		{"\u0085", "'\\x85'", "'\\x85'"},
	} {
		if got := Repr(c.in); got != c.repr {
			t.Errorf("Repr(%q) = %s, want %s", c.in, got, c.repr)
		}
		if got := ASCII(c.in); got != c.ascii {
			t.Errorf("ASCII(%q) = %s, want %s", c.in, got, c.ascii)
		}
	}
}
