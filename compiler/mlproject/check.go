package mlproject

import (
	"fmt"
	"strings"

	"github.com/kfc-dev/kfc/internal/py"
)

// Types are the parameter types MLflow documents. MLflow itself acts only
// on path and uri and passes any other type name through unchecked; kfc
// checks values of all six and reports other names.
var Types = []string{"string", "float", "int", "bool", "path", "uri"}

// KnownType reports whether t is one of Types.
func KnownType(t string) bool {
	for _, k := range Types {
		if k == t {
			return true
		}
	}
	return false
}

// CheckValue is kfc's type check of a parameter value as it will be
// substituted (a -P value, a value bound from a pipeline, or str() of a
// default). It is stricter than MLflow, which checks only uri (and path
// existence at run time):
//
//	string  anything
//	int     what Python's int() reads: [+-]digits, with _ between digits,
//	        surrounding whitespace and any Unicode decimal digits allowed
//	float   what Python's float() reads: 1, -1.5, .5, 1e-3, 1_000.0, inf, nan,
//	        with the same whitespace and digits
//	bool    true or false in any case (Python's str(True) is "True"), or 1 or 0
//	path    a non-empty path or URI
//	uri     a value with a URI scheme, as MLflow's is_uri (urlparse) decides
//
// An unknown type name is an error too.
func CheckValue(typ, value string) error {
	switch typ {
	case "string":
		return nil
	case "int":
		if !py.IsInt(value) {
			return fmt.Errorf("%s is not an int", py.Repr(value))
		}
	case "float":
		if !py.IsFloat(value) {
			return fmt.Errorf("%s is not a float", py.Repr(value))
		}
	case "bool":
		switch strings.ToLower(value) {
		case "true", "false", "1", "0":
		default:
			return fmt.Errorf("%s is not a bool (use true or false)", py.Repr(value))
		}
	case "path":
		if value == "" {
			return fmt.Errorf("a path cannot be empty")
		}
		if strings.IndexByte(value, 0) >= 0 {
			return fmt.Errorf("a path cannot contain a NUL character")
		}
	case "uri":
		return checkURI(value)
	default:
		return fmt.Errorf("unknown parameter type %s", py.Repr(typ))
	}
	return nil
}

// checkURI is MLflow's is_uri: urllib.parse.urlparse(value).scheme != "",
// plus the ValueError urlparse raises for an unbalanced [ or ] in the
// network location.
func checkURI(value string) error {
	scheme, rest := urlScheme(value)
	if scheme == "" {
		return fmt.Errorf("%s is not a URI (it has no scheme such as file: or s3:)", py.Repr(value))
	}
	if strings.HasPrefix(rest, "//") {
		netloc := rest[2:]
		if i := strings.IndexAny(netloc, "/?#"); i >= 0 {
			netloc = netloc[:i]
		}
		if strings.Contains(netloc, "[") != strings.Contains(netloc, "]") {
			return fmt.Errorf("%s is not a valid URI (Invalid IPv6 URL)", py.Repr(value))
		}
	}
	return nil
}

// urlScheme follows Python 3.11's urlsplit: leading C0 controls and spaces
// are stripped, tabs and line breaks removed, then a scheme is the text
// before the first ':' if it starts with an ASCII letter and holds only
// letters, digits, '+', '-' and '.'.
func urlScheme(u string) (scheme, rest string) {
	u = strings.TrimLeft(u, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	u = strings.NewReplacer("\t", "", "\r", "", "\n", "").Replace(u)
	i := strings.IndexByte(u, ':')
	if i <= 0 || !isASCIILetter(u[0]) {
		return "", u
	}
	for j := 0; j < i; j++ {
		c := u[j]
		if !isASCIILetter(c) && !('0' <= c && c <= '9') && c != '+' && c != '-' && c != '.' {
			return "", u
		}
	}
	return strings.ToLower(u[:i]), u[i+1:]
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
