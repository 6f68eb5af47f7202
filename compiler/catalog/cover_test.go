package catalog

import "testing"

func TestCovers(t *testing.T) {
	pat := func(key string) *Pattern {
		p := &Pattern{Key: key}
		p.prog, _ = compile(key)
		return p
	}
	for _, tt := range []struct {
		p, q            string
		covers, decided bool
	}{
		{"RAW_{x}", "raw_{x}", true, true}, // matching ignores case
		{"raw_{x}", "RAW_{x}", true, true},
		{"{name}.{ns}", "{ns}.{name}", true, true},
		{"{a}_{b}", "{a}_x", true, true},
		{"{a}_{b}", "{a}_{b}_{c}", true, true},
		{"{a}_{b}_{c}", "{a}_{b}", false, true},
		{"{a}{b}_data", "{x}_data", false, true}, // "z_data" needs two characters before _data
		{"{a}.int_{b}", "{a}.{b}", false, true},
		{"{a}.{b}", "{a}.int_{b}", true, true},
		{"straße_{x}", "STRAẞE_{x}", true, true},
		{"{x}", "anything_{y}", true, true},
		{"{a:d}_x", "{a}_x", false, false}, // typed: not decided
		{"{a}_{a}", "{a}_x_{a}", false, false},
	} {
		covers, decided := pat(tt.p).Covers(pat(tt.q))
		if covers != tt.covers || decided != tt.decided {
			t.Errorf("%q covers %q = %v, %v; want %v, %v", tt.p, tt.q, covers, decided, tt.covers, tt.decided)
		}
	}
}
