package schema

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestRepeatedKeys: a key written twice makes the scan unsure (CUE then
// decides), in sorted objects and unsorted ones, small and past
// smallObject keys; distinct keys in any order do not.
func TestRepeatedKeys(t *testing.T) {
	obj := func(keys ...string) []byte {
		var b strings.Builder
		b.WriteString("{")
		for i, k := range keys {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(`"` + k + `":1`)
		}
		b.WriteString("}")
		return []byte(b.String())
	}
	var many []string
	for i := range 40 {
		many = append(many, fmt.Sprintf("k%02d", i))
	}
	reversed := slices.Clone(many)
	slices.Reverse(reversed)
	for _, tc := range []struct {
		keys   []string
		repeat bool
	}{
		{[]string{"a", "b", "c"}, false},
		{[]string{"c", "a", "b"}, false},
		{[]string{"a", "b", "a"}, true},
		{[]string{"a", "a"}, true},
		{[]string{"b", "a", "b"}, true},
		{many, false},
		{reversed, false},
		{append(slices.Clone(many), "k03"), true},
		{append(slices.Clone(many), "a", "k39"), true},
		{append(slices.Clone(reversed), "k39"), true},
		{append(slices.Clone(many[:20]), "a", "b", "a"), true},
	} {
		got := (&Schemas{}).check(nil, obj(tc.keys...))
		if want := map[bool]verdict{false: fits, true: unsure}[tc.repeat]; got != want {
			t.Errorf("%v: verdict %v, want %v", tc.keys, got, want)
		}
	}
}
