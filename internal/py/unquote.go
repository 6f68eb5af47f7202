package py

import (
	"strings"
	"unicode/utf8"
)

// Unquote is urllib.parse.unquote: each %XX becomes its byte, other
// percent signs stay, and the bytes are read as UTF-8 with errors="replace".
func Unquote(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	return decodeReplace(b)
}

// decodeReplace is bytes.decode("utf-8", "replace"): each maximal ill-formed
// subpart (the longest prefix of a valid sequence, else one byte) becomes
// one U+FFFD, as Unicode recommends and CPython does. Go's
// strings.ToValidUTF8 writes one U+FFFD per run of bad bytes instead, so
// %FF%FF would lose a character.
func decodeReplace(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var out strings.Builder
	out.Grow(len(b) + 8)
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r != utf8.RuneError || size > 1 {
			out.Write(b[:size])
			b = b[size:]
			continue
		}
		out.WriteRune(utf8.RuneError)
		b = b[illFormedPrefix(b):]
	}
	return out.String()
}

// illFormedPrefix is the length of the maximal subpart at the start of b,
// which does not begin a valid sequence: the lead byte and the
// continuation bytes that could still have completed it (Unicode table
// 3-7: E0 needs A0..BF next, ED 80..9F, F0 90..BF, F4 80..8F).
func illFormedPrefix(b []byte) int {
	var need int
	lo, hi := byte(0x80), byte(0xBF)
	switch c := b[0]; {
	case c >= 0xC2 && c <= 0xDF:
		need = 1
	case c >= 0xE0 && c <= 0xEF:
		need = 2
		if c == 0xE0 {
			lo = 0xA0
		} else if c == 0xED {
			hi = 0x9F
		}
	case c >= 0xF0 && c <= 0xF4:
		need = 3
		if c == 0xF0 {
			lo = 0x90
		} else if c == 0xF4 {
			hi = 0x8F
		}
	default:
		return 1
	}
	n := 1
	for n <= need && n < len(b) && b[n] >= lo && b[n] <= hi {
		n++
		lo, hi = 0x80, 0xBF
	}
	return n
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}
