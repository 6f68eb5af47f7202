package lint

import (
	"testing"

	"github.com/kfc-dev/kfc/compiler/diag"
)

// A misused ignore comment is a kfc-ignore finding; turning that rule off
// in the settings (or ignoring it for the path) must silence it too.
func TestSuppressSettingsApplyToKfcIgnore(t *testing.T) {
	src := map[string][]byte{"conf/base/catalog.yml": []byte("a: 1 # kfc:ignore no-such-rule\n")}
	files := []string{"conf/base/catalog.yml"}
	read := func(f string) []byte { return src[f] }

	got := Suppress(nil, &Settings{Levels: map[string]string{}}, files, read)
	if len(got) != 1 || got[0].Rule != RuleIgnore {
		t.Fatalf("without settings: got %v, want one %s finding", got, RuleIgnore)
	}

	off := &Settings{Levels: map[string]string{RuleIgnore: "off"}}
	if got := Suppress(nil, off, files, read); len(got) != 0 {
		t.Errorf("%s = off: got %v, want nothing", RuleIgnore, got)
	}

	info := &Settings{Levels: map[string]string{RuleIgnore: "info"}}
	if got := Suppress(nil, info, files, read); len(got) != 1 || got[0].Severity != diag.Info {
		t.Errorf("%s = info: got %v, want one info finding", RuleIgnore, got)
	}

	byPath := &Settings{Levels: map[string]string{}, Paths: []PathSetting{{Glob: "conf/**", Ignore: []string{RuleIgnore}, re: globRegexp("conf/**")}}}
	if got := Suppress(nil, byPath, files, read); len(got) != 0 {
		t.Errorf("path ignore: got %v, want nothing", got)
	}
}
