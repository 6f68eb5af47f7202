package py

import "testing"

// Expected values are CPython 3.11's urllib.parse.unquote.
func TestUnquote(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain", "plain"},
		{"a%20b", "a b"},
		{"%e2%82%ac", "€"},
		{"%F0%9F%98%80", "😀"},
		{"a%2", "a%2"},
		{"%%41", "%A"},
		{"%zz", "%zz"},
		{"%FF%FF", "\uFFFD\uFFFD"},
		{"%E2%82%41", "\uFFFDA"},
		{"%E2%82", "\uFFFD"},
		{"%F0%80%80", "\uFFFD\uFFFD\uFFFD"},
		{"%ED%A0%80", "\uFFFD\uFFFD\uFFFD"},
		{"%C3é%A9", "\uFFFDé\uFFFD"},
		{"%F4%90%80%80", "\uFFFD\uFFFD\uFFFD\uFFFD"},
		{"%F0%9F%98", "\uFFFD"},
		{"%C0%AF", "\uFFFD\uFFFD"},
		{"%E0%80%AF", "\uFFFD\uFFFD\uFFFD"},
		{"%F8%88%80%80%80", "\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD"},
		{"%C3%28", "\uFFFD("},
		{"%E2%82%E2%82%AC", "\uFFFD€"},
	} {
		if got := Unquote(c.in); got != c.want {
			t.Errorf("Unquote(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
