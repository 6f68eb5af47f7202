package mlproject

import (
	"strings"

	"github.com/kfc-dev/kfc/internal/py"
)

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
		return py.Unquote(value), true
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
			return py.Unquote(value), true
		}
		if i := strings.IndexAny(rest, "?#"); i >= 0 {
			rest = rest[:i]
		}
		return py.Unquote(rest), true
	}
	return "", false
}
