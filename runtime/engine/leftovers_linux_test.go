package engine

import "testing"

func TestHasEnvEntry(t *testing.T) {
	mark := []byte("KFC_RUN_ID=abc\x00")
	for env, want := range map[string]bool{
		"KFC_RUN_ID=abc\x00PATH=/bin\x00":       true,
		"PATH=/bin\x00KFC_RUN_ID=abc\x00":       true,
		"PATH=/bin\x00KFC_RUN_ID=abcd\x00":      false, // another run
		"PATH=/bin\x00XKFC_RUN_ID=abc\x00":      false, // another variable
		"PATH=/bin\x00OLD_KFC_RUN_ID=abc\x00":   false,
		"PATH=/bin\x00KFC_RUN_ID=abc":           false, // no terminating NUL: not this value
		"":                                      false,
		"A=KFC_RUN_ID=abc\x00":                  false,
		"A=\x00KFC_RUN_ID=abc\x00B=KFC_RUN_ID=": true,
	} {
		if got := hasEnvEntry([]byte(env), mark); got != want {
			t.Errorf("hasEnvEntry(%q) = %v, want %v", env, got, want)
		}
	}
}
