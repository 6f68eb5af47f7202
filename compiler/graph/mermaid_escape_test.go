package graph

import "testing"

func TestMermaidTextEscapes(t *testing.T) {
	for in, want := range map[string]string{
		`plain_name.x-y`:     `plain_name.x-y`,
		`a#amp;b`:            `a#35;amp;b`,
		"a`b":                `a#96;b`,
		`"q" <x>`:            `#quot;q#quot; #lt;x#gt;`,
		"two\nlines\x1b[31m": `two\nlines\x1b[31m`, // esc.Text: no raw control character reaches a terminal
	} {
		if got := mermaidText(in); got != want {
			t.Errorf("mermaidText(%q) = %q, want %q", in, got, want)
		}
	}
}
