package py

import (
	"strings"
	"testing"
)

func TestExcerpt(t *testing.T) {
	if got := Excerpt("short"); got != "'short'" {
		t.Errorf("Excerpt(short) = %s", got)
	}
	long := strings.Repeat("é", ExcerptLen) + "SECRET-TAIL"
	got := Excerpt(long)
	if strings.Contains(got, "SECRET") || got != "'"+strings.Repeat("é", ExcerptLen)+"'..." {
		t.Errorf("Excerpt(long) = %s", got)
	}
	if got := Excerpt("a\nb\x1b[31m"); got != `'a\nb\x1b[31m'` {
		t.Errorf("control characters not escaped: %s", got)
	}
}
