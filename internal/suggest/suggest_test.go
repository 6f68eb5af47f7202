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

func TestWithin(t *testing.T) {
	names := []string{"db_creds", "dev_s3", "DB_CREDS2"}
	for _, c := range []struct {
		in   string
		max  int
		want string
	}{
		{"db_cred", 2, "db_creds"}, {"DB_CREDS", 2, "db_creds"}, {"dev_s4", 2, "dev_s3"},
		{"xx_s3", 2, ""}, {"xx_s3", 3, "dev_s3"}, {"db_creds", 2, "DB_CREDS2"},
	} {
		if got := Within(c.in, names, c.max); got != c.want {
			t.Errorf("Within(%q, %d) = %q, want %q", c.in, c.max, got, c.want)
		}
	}
	// A tie goes to the candidate that sorts first, whatever the order given.
	if got := Within("ab", []string{"ac", "aa"}, 1); got != "aa" {
		t.Errorf("tie: %q", got)
	}
}
