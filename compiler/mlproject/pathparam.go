package mlproject

import "strings"

// LocalPath is the local file a path parameter's value names, as MLflow's
// get_local_path_or_none and local_file_uri_to_path decide: a value
// without a scheme, or a file: URI without a host, is local; its path is
// percent-decoded (url2pathname), so "a%20b" names "a b" and
// "file:///tmp/x?q" names "/tmp/x". Anything else (s3://, file://host/,
// http:) is remote: MLflow downloads it before running, and local is false.
func LocalPath(value string) (path string, local bool) {
	scheme, rest := urlScheme(value)
	switch scheme {
	case "":
		return pyUnquote(value), true
	case "file":
		netloc := ""
		if strings.HasPrefix(rest, "//") {
			netloc = rest[2:]
			if i := strings.IndexAny(netloc, "/?#"); i >= 0 {
				netloc = netloc[:i]
			}
			rest = rest[2+len(netloc):]
		}
		if netloc != "" {
			return "", false
		}
		if !strings.HasPrefix(value, "file:") {
			// local_file_uri_to_path strips only a lower-case "file:"
			return pyUnquote(value), true
		}
		if i := strings.IndexAny(rest, "?#"); i >= 0 {
			rest = rest[:i]
		}
		return pyUnquote(rest), true
	}
	return "", false
}

// pyUnquote is urllib.parse.unquote: each %XX becomes its byte, other
// percent signs stay; the bytes are read as UTF-8.
func pyUnquote(s string) string {
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
	return strings.ToValidUTF8(string(b), "\uFFFD")
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
