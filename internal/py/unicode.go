package py

import "unicode"

// IsSpace is Python's str.isspace, which `\s` follows in a str pattern of
// the re module: Unicode White_Space and the separators U+001C..U+001F.
func IsSpace(r rune) bool {
	switch r {
	case '\x1c', '\x1d', '\x1e', '\x1f':
		return true
	}
	return unicode.IsSpace(r)
}

// IsWord is `\w` in a str pattern of Python's re module: letters, numbers
// and the underscore.
func IsWord(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r)
}
