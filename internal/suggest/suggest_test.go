package suggest

import "testing"

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "abc", 0}, {"abc", "abd", 1}, {"load_arg", "load_args", 1},
		{"kitten", "sitting", 3}, {"données", "donnees", 1},
	} {
		if got := Distance(c.a, c.b); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestClosest(t *testing.T) {
	names := []string{"load_args", "save_args", "filepath", "fs_args"}
	for in, want := range map[string]string{
		"load_arg": "load_args", "FILEPATH": "filepath", "filepaht": "filepath", "zzz": "",
	} {
		if got := Closest(in, names); got != want {
			t.Errorf("Closest(%q) = %q, want %q", in, got, want)
		}
	}
}
