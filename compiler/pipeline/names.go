package pipeline

import (
	"strings"
	"unicode"
)

// ValidName reports whether s matches Kedro's node name and tag rule
// `[\w\.-]+$`, with Python's Unicode `\w`: letters, numbers and `_`.
// Python's `$` would also let one trailing newline through; kfc does not,
// since such a name cannot be printed on one line.
func ValidName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r == '.' || r == '-' || unicode.IsLetter(r) || unicode.IsNumber(r)) {
			return false
		}
	}
	return true
}

// ValidNamespace is ValidName without empty dot-separated parts, since
// namespaces are matched part by part (`--namespaces a.b`).
func ValidNamespace(s string) bool {
	if !ValidName(s) {
		return false
	}
	for _, part := range strings.Split(s, ".") {
		if part == "" {
			return false
		}
	}
	return true
}

// IsParameter reports whether name is a parameter reference: the whole
// dictionary `parameters` or one value `params:a.b`.
func IsParameter(name string) bool {
	return name == "parameters" || strings.HasPrefix(name, "params:")
}

// StripTranscoding returns the graph name of a dataset: the part before `@`.
func StripTranscoding(name string) string {
	base, _, _ := strings.Cut(name, TranscodingSeparator)
	return base
}

// splitTranscoding splits `x@fmt` into x and fmt (fmt empty when absent).
func splitTranscoding(name string) (base, suffix string, transcoded bool) {
	return strings.Cut(name, TranscodingSeparator)
}

// normalizeParam gives a `parameters:` remap name its `params:` prefix as
// Kedro's _get_param_names_mapping does; `parameters` stays as it is.
func normalizeParam(name string) string {
	if name == "parameters" || strings.HasPrefix(name, "params:") {
		return name
	}
	return "params:" + name
}

// ParamKey is the path a parameter reference names: "a.b" for params:a.b,
// "" for the whole dictionary.
func ParamKey(ref string) string {
	if ref == "parameters" {
		return ""
	}
	return strings.TrimPrefix(ref, "params:")
}
