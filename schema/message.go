package schema

import (
	"fmt"
	"strconv"
	"strings"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/format"
	"github.com/kfc-dev/kfc/compiler/tree"
	"github.com/kfc-dev/kfc/internal/py"
	"github.com/kfc-dev/kfc/internal/suggest"
)

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// kindNames lists the kinds in k the way a YAML user names them.
func kindNames(k cue.Kind) string {
	var names []string
	add := func(bit cue.Kind, name string) {
		if k&bit != 0 {
			names = append(names, name)
		}
	}
	add(cue.NullKind, "null")
	add(cue.BoolKind, "a boolean")
	if k&cue.NumberKind == cue.NumberKind {
		names = append(names, "a number")
	} else {
		add(cue.IntKind, "an integer")
		add(cue.FloatKind, "a float")
	}
	add(cue.StringKind, "a string")
	add(cue.StructKind, "a mapping")
	add(cue.ListKind, "a sequence")
	return orList(names)
}

func orList(items []string) string {
	switch len(items) {
	case 0:
		return "nothing"
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// describeNode shows a data value in a message: scalars as written, with
// their YAML type when it is not a string.
func describeNode(n *tree.Node) string {
	switch n.Kind {
	case tree.Map:
		return "a mapping"
	case tree.Seq:
		return "a sequence"
	case tree.String:
		return excerpt(n.Text)
	case tree.Null:
		return "null"
	case tree.Bool:
		return fmt.Sprintf("%s (a boolean)", n.Text)
	case tree.Int:
		return fmt.Sprintf("%s (an integer)", n.Text)
	case tree.Float:
		return fmt.Sprintf("%s (a float)", n.Text)
	}
	return n.Text
}

// formatValue prints one schema alternative in CUE syntax.
func formatValue(v cue.Value) string {
	b, err := format.Node(v.Eval().Syntax(cue.Final()))
	if err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSpace(string(b))
}

// didYouMean is ` (did you mean "x"?)` for the closest candidate, or "".
func didYouMean(name string, candidates []string) string {
	if c := suggest.Closest(name, candidates); c != "" {
		return fmt.Sprintf(" (did you mean %q?)", c)
	}
	return ""
}

// excerpt quotes at most py.ExcerptLen characters of a string from a
// project file, Go-quoted as schema messages always have been.
func excerpt(s string) string {
	n := 0
	for i := range s {
		if n == py.ExcerptLen {
			return strconv.Quote(s[:i]) + "..."
		}
		n++
	}
	return strconv.Quote(s)
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }
