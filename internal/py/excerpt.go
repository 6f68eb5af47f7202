package py

// ExcerptLen is the most characters of a file's text a message quotes:
// enough to recognise a value, too few to copy a file out through a
// finding (a whole /etc/passwd read as one YAML string, say).
const ExcerptLen = 60

// Excerpt is Repr of s cut to ExcerptLen characters, "..." marking the
// cut; Repr escapes control characters, so the excerpt is one safe line.
func Excerpt(s string) string {
	n := 0
	for i := range s {
		if n == ExcerptLen {
			return Repr(s[:i]) + "..."
		}
		n++
	}
	return Repr(s)
}
