package esc

// JSONWriter writes JSON by hand, byte for byte as encoding/json would
// (members in the order written, strings through AppendJSONString; with
// Pretty, indented by two spaces as SetIndent("", "  ")). The plan, the
// lock file and its journal share it: they are written without reflection
// because they are big or written often.
type JSONWriter struct {
	B      []byte
	Pretty bool
	Depth  int  // nesting depth of what is written next
	First  bool // nothing written yet in the innermost object or array
}

// Newline starts a line at the current depth when Pretty.
func (w *JSONWriter) Newline() {
	if !w.Pretty {
		return
	}
	w.B = append(w.B, '\n')
	n := 2 * w.Depth
	for n > len(spaces) {
		w.B = append(w.B, spaces...)
		n -= len(spaces)
	}
	w.B = append(w.B, spaces[:n]...)
}

// spaces is indentation, appended in one copy instead of two bytes a level.
const spaces = "                                "

// Open starts an object or array; Close ends it ("{}" or "[]" when empty).
func (w *JSONWriter) Open(c byte) {
	w.B = append(w.B, c)
	w.Depth++
	w.First = true
}

func (w *JSONWriter) Close(c byte) {
	w.Depth--
	if !w.First {
		w.Newline()
	}
	w.B = append(w.B, c)
	w.First = false
}

// Key starts an object member.
func (w *JSONWriter) Key(k string) {
	w.Elem()
	w.B = AppendJSONString(w.B, k)
	w.B = append(w.B, ':')
	if w.Pretty {
		w.B = append(w.B, ' ')
	}
}

// Elem starts an array element.
func (w *JSONWriter) Elem() {
	if !w.First {
		w.B = append(w.B, ',')
	}
	w.Newline()
	w.First = false
}

// Str writes s as a JSON string.
func (w *JSONWriter) Str(s string) { w.B = AppendJSONString(w.B, s) }
