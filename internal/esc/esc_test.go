package esc

import (
	"encoding/json"
	"testing"
)

func TestText(t *testing.T) {
	for in, want := range map[string]string{
		"":                                 "",
		"plain name.csv":                   "plain name.csv",
		`C:\data\x.csv`:                    `C:\data\x.csv`,
		"café/データ":                         "café/データ",
		"a\n::error file=x::PWNED\x1b[31m": `a\n::error file=x::PWNED\x1b[31m`,
		"tab\there\r\x00\x7f":              `tab\there\r\x00\x7f`,
		"csi\u009b31m nel\u0085":           `csi\x9b31m nel\x85`,
		"bidi\u202egnp.exe \u2066x\u2069":  `bidi\u202egnp.exe \u2066x\u2069`,
		"zw\u200bj \ufeffbom \u2028ls":     `zw\u200bj \ufeffbom \u2028ls`,
		"bad \xff utf8":                    `bad \xff utf8`,
	} {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkTextClean(b *testing.B) {
	s := "conf/base/catalog.yml:12:3: warning: dataset \"companies\" is used by no pipeline"
	for b.Loop() {
		_ = Text(s)
	}
}

func TestJSONEscapesWideControlsAndStaysJSON(t *testing.T) {
	in := map[string]string{"k\u202e": "v\u009b\U000e0001\u2028é\x1b"}
	raw, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	got := JSON(string(raw))
	if want := `{"k\u202e":"v\u009b\udb40\udc01\u2028é\u001b"}`; got != want {
		t.Errorf("JSON = %s, want %s", got, want)
	}
	var back map[string]string
	if err := json.Unmarshal([]byte(got), &back); err != nil || back["k\u202e"] != in["k\u202e"] {
		t.Errorf("round trip: %v %q", err, back)
	}
	if s := `{"a":"plain é"}`; JSON(s) != s {
		t.Error("text without such characters changed")
	}
}
