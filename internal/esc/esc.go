// Package esc makes text safe to print where people read it: a terminal,
// a CI log, GitHub's workflow-command parser. Every human-readable output
// of kfc passes values from the project (names, keys, paths, messages)
// through Text, so a dataset key holding "\n::error ...", an ANSI escape
// or a bidi override can never start a workflow command, recolour the
// terminal or reorder what the reader sees. Machine formats (JSON, SARIF)
// escape through their encoders instead; the JSON kfc writes by hand (plans,
// config output, messages) encodes strings with AppendJSONString, the one
// JSON string encoder.
package esc

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Text returns s with every control or invisible formatting character
// written as an escape, as Go's %q and Python's repr() write them: \n \r
// \t, \x1b for bytes below 0x100 and invalid UTF-8, \u202e above.
// Printable text (non-ASCII letters included) and backslashes stay as
// they are, so text without such characters is returned unchanged.
func Text(s string) string {
	i := unsafeAt(s)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case !unsafe(r):
			b.WriteString(s[i : i+size])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		i += size
	}
	return b.String()
}

// unsafeAt is the byte offset of the first character Text escapes, or -1.
func unsafeAt(s string) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || unsafe(r) {
			return i
		}
		i += size
	}
	return -1
}

// Unsafe reports whether Text escapes r.
func Unsafe(r rune) bool { return unsafe(r) }

// unsafe reports a character a terminal or log would act on instead of
// showing: C0 and C1 controls and DEL (ESC, CSI U+009B, NEL), line and
// paragraph separators, and the invisible format characters (bidi
// embeddings, overrides and isolates, zero-width ones, the BOM), which
// can make a line read differently from what it holds.
func unsafe(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029'
}

// JSON writes, in encoded JSON text, the non-ASCII characters Text escapes
// (C1 controls, bidi and other invisible format characters, which
// encoding/json leaves raw) as \uXXXX escapes (a surrogate pair above
// U+FFFF). They can only occur inside strings, so the JSON means the same.
func JSON(s string) string {
	if !hasWide(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for _, r := range s {
		switch {
		case r < 0x80 || !unsafe(r):
			b.WriteRune(r)
		case r > 0xffff:
			hi, lo := utf16.EncodeRune(r)
			fmt.Fprintf(&b, `\u%04x\u%04x`, hi, lo)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

func hasWide(s string) bool {
	for _, r := range s {
		if r >= 0x80 && unsafe(r) {
			return true
		}
	}
	return false
}
