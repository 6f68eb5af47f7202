package tracking

import (
	"strings"
	"unicode"
)

// MLflow's key and id patterns, checked by hand: compiling the \p{L}\p{N}
// classes as regexps took ~1 ms of every tracked run (the Unicode tables).
// TestKeyCharsAreTheRegexps holds them equal to the regexps they replace.

// KeyRune reports whether MLflow accepts r in a param, metric or tag key:
// [/\p{L}\p{N}_.\- :] (Python's \w, a dot, a dash, a space, a colon, a
// slash). Invalid UTF-8 decodes to utf8.RuneError, which it refuses.
func KeyRune(r rune) bool {
	switch r {
	case '/', '_', '.', '-', ' ', ':':
		return true
	}
	return idRune(r)
}

// ValidKeyChars is ^[/\p{L}\p{N}_.\- :]*$.
func ValidKeyChars(s string) bool {
	for _, r := range s {
		if !KeyRune(r) {
			return false
		}
	}
	return true
}

// SafeKey is s with every character KeyRune refuses (each byte of
// invalid UTF-8) replaced by "_", as kedro-mlflow does.
func SafeKey(s string) string {
	if ValidKeyChars(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if KeyRune(r) {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// ValidIDChars is ^[\p{L}\p{N}][\p{L}\p{N}_\-]*$ (MLflow's run and
// experiment ids, without the length limit).
func ValidIDChars(s string) bool {
	for i, r := range s {
		if !idRune(r) && (i == 0 || (r != '_' && r != '-')) {
			return false
		}
	}
	return s != ""
}

func idRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }
