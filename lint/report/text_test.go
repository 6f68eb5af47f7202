package report

import (
	"bytes"
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
)

// Text escapes the path, the message, notes and the source line of a
// snippet; the caret stays under the character the column names.
func TestTextEscapes(t *testing.T) {
	var out bytes.Buffer
	src := func(string) []byte { return []byte("k\u202e: v # x\n") }
	Text(&out, []diag.Diagnostic{{
		Pos: diag.Pos{File: "c\x1b[31m.yml", Line: 1, Col: 5}, Severity: diag.Error, Rule: "r", Message: "bad\n::error::x",
		Notes: []diag.Note{{Pos: diag.Pos{File: "n\r.yml", Line: 2, Col: 1}, Message: "see\x1b[0m"}},
	}}, src, TextOptions{Snippets: true})
	want := "c\\x1b[31m.yml:1:5: error: bad\\n::error::x [r]\n" +
		"  k\\u202e: v # x\n" +
		"  " + "         ^\n" + // under the v, past the 6 more columns of \u202e
		"    n\\r.yml:2:1: note: see\\x1b[0m\n"
	if out.String() != want {
		t.Errorf("got\n%q\nwant\n%q", out.String(), want)
	}
}
