package catalog

import "strings"

// literalEnds returns the key's text before its first brace and after its
// last one, when both are plain name characters; a name the pattern matches
// must start and end with them (ignoring case). Anything fancier returns ""
// and the full matcher decides.
func literalEnds(key string) (prefix, suffix string) {
	i, j := strings.IndexByte(key, '{'), strings.LastIndexByte(key, '}')
	if i < 0 || j < 0 {
		return "", ""
	}
	prefix, suffix = key[:i], key[j+1:]
	if !plainName(prefix) {
		prefix = ""
	}
	if !plainName(suffix) {
		suffix = ""
	}
	return strings.ToLower(prefix), strings.ToLower(suffix)
}

func plainName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-' || c == '@') {
			return false
		}
	}
	return true
}

// mayMatch is a cheap necessary condition for p matching name. Names with
// non-ASCII bytes always go to the full matcher: Unicode case folding
// (the Kelvin sign folds to k) is the matcher's business.
func (p *Pattern) mayMatch(name string) bool {
	if p.prefix == "" && p.suffix == "" {
		return true
	}
	for i := 0; i < len(name); i++ {
		if name[i] >= 0x80 {
			return true
		}
	}
	if len(name) < len(p.prefix)+len(p.suffix) {
		return false
	}
	return strings.EqualFold(name[:len(p.prefix)], p.prefix) && strings.EqualFold(name[len(name)-len(p.suffix):], p.suffix)
}
