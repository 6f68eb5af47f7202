package py

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"reflect"
	"strings"
	"testing"
)

// Expected values are CPython 3.11's difflib.get_close_matches.
func TestCloseMatches(t *testing.T) {
	names := []string{"preprocess_companies", "preprocess_shuttles", "create_model_input_table", "train_model", "evaluate_model"}
	for _, c := range []struct {
		word string
		want []string
	}{
		{"train_modle", []string{"train_model"}},
		{"preprocess_company", []string{"preprocess_companies"}},
		{"evaluate", []string{"evaluate_model"}},
		{"xyz", nil},
		{"abc", []string{"abe", "abd"}}, // a tie: the text that sorts last first
	} {
		cands := names
		if c.word == "abc" {
			cands = []string{"abd", "abe"}
		}
		if got := CloseMatches(c.word, cands); !reflect.DeepEqual(got, c.want) && !(len(got) == 0 && len(c.want) == 0) {
			t.Errorf("CloseMatches(%q) = %q, want %q", c.word, got, c.want)
		}
	}
}

// closeMatchCases mix typos, ties, repeated letters, non-ASCII text and a
// word long enough (200 runes) for SequenceMatcher's autojunk.
func closeMatchCases() [][]string {
	long := strings.Repeat("ab", 100) + "xyz"
	return [][]string{
		{"abc", "abd", "abe", "abf", "abg", "cab", "bca"},
		{"model", "modle", "mdoel", "models", "model_1", "model_2", "lodem"},
		{"données", "donnees", "donnée", "onnées", "d"},
		{"aaaa", "aaab", "baaa", "abaa", "aa", "aaaaaa"},
		{"", "a", ""},
		{long, long[:190], strings.Repeat("ab", 99) + "xy", "xyz" + strings.Repeat("ba", 100), strings.Repeat("a", 203)},
		{"params:model_options", "params:model_option", "params:model_options.test_size", "parameters", "model_options"},
	}
}

// TestCloseMatchesAgainstPython compares CloseMatches with the python3 on
// PATH (skipped without one).
func TestCloseMatchesAgainstPython(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3 on PATH")
	}
	cases := closeMatchCases()
	in, _ := json.Marshal(cases)
	cmd := exec.Command(python, "-c", `
import difflib, json, sys
print(json.dumps([difflib.get_close_matches(c[0], c[1:]) for c in json.load(sys.stdin)]))
`)
	cmd.Stdin = bytes.NewReader(in)
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("python3 failed: %v", err)
	}
	var want [][]string
	if err := json.Unmarshal(out, &want); err != nil || len(want) != len(cases) {
		t.Fatalf("python3 output: %v %s", err, out)
	}
	for i, c := range cases {
		got := CloseMatches(c[0], c[1:])
		if len(got) == 0 && len(want[i]) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, want[i]) {
			t.Errorf("CloseMatches(%.20q...) = %.40q, Python %.40q", c[0], got, want[i])
		}
	}
}
