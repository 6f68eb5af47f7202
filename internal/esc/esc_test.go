package esc

import "testing"

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
