package py

import "strings"

// ShellQuote is Python's shlex.quote, which MLflow applies (on POSIX) to
// every parameter value before it is substituted into a command, and
// which kfc uses wherever it writes a word for `sh -c`: a string made
// only of ASCII word characters and @%+=:,./- is left as it is, the empty
// string becomes two single quotes, anything else is wrapped in single
// quotes with each ' written as '"'"'.
func ShellQuote(s string) string {
	if s == "" {
		return "''"
	}
	if isShellSafe(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'"'"'`) + "'"
}

// isShellSafe mirrors shlex's _find_unsafe, `[^\w@%+=:,./-]` compiled with
// re.ASCII: only ASCII letters, digits and _@%+=:,./- are safe.
func isShellSafe(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("_@%+=:,./-", c) >= 0:
		default:
			return false
		}
	}
	return true
}
