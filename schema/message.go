package schema

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"cuelang.org/go/cue"
	cueerrors "cuelang.org/go/cue/errors"
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

// CUE's "conflicting values A and B": one side is the schema's
// alternative, the other the data's value, in either order; when the two
// differ in kind CUE adds " (mismatched types K and L)", part of neither.
var (
	conflictSides = regexp.MustCompile(`^(.+?) and (.+)$`)
	mismatched    = regexp.MustCompile(` \(mismatched types \w+ and \w+\)$`)
)

// conflict splits a "conflicting values" message into the schema's
// alternative and the data's value, which is the side that reads as the
// data at that path does (either side may hold " and ", in a string).
func conflict(msg string, data cue.Value, path []string) (alt, value string, ok bool) {
	body, ok := strings.CutPrefix(mismatched.ReplaceAllString(msg, ""), "conflicting values ")
	if !ok {
		return "", "", false
	}
	if d, found := dataText(data, path); found {
		if rest, ok := strings.CutPrefix(body, d+" and "); ok {
			return rest, d, true
		}
		if rest, ok := strings.CutSuffix(body, " and "+d); ok {
			return rest, d, true
		}
	}
	if m := conflictSides.FindStringSubmatch(body); m != nil {
		return m[1], m[2], true
	}
	return "", "", false
}

// dataText is the data's value at a CUE error's path, as CUE prints it.
func dataText(data cue.Value, path []string) (string, bool) {
	var sels []cue.Selector
	for _, p := range path {
		if strings.HasPrefix(p, "#") {
			continue // the definition the data was unified with
		}
		if i, err := strconv.Atoi(p); err == nil {
			sels = append(sels, cue.Index(i))
		} else {
			sels = append(sels, cue.Str(p))
		}
	}
	x := data.LookupPath(cue.MakePath(sels...))
	if !x.Exists() {
		return "", false
	}
	return fmt.Sprint(x), true
}

// readableErrors groups CUE's errors of a manifest or a plan by path: one
// line per faulty field, "line:col: path: message", a failed disjunction
// (an enum) shown as "invalid value V (want one of A, B)". data is the
// document as CUE read it, which tells the value from the alternatives.
func readableErrors(name string, err error, data cue.Value) []string {
	type group struct {
		pos   string
		msgs  []string
		alts  []string
		value string
	}
	var order []string
	groups := map[string]*group{}
	for _, e := range cueerrors.Errors(err) {
		elems := e.Path()
		if len(elems) > 0 && strings.HasPrefix(elems[0], "#") {
			elems = elems[1:] // the definition the data was unified with
		}
		path := strings.Join(elems, ".")
		g := groups[path]
		if g == nil {
			g = &group{}
			groups[path] = g
			order = append(order, path)
		}
		for _, p := range e.InputPositions() {
			if p.Filename() == name && g.pos == "" {
				g.pos = fmt.Sprintf("%d:%d: ", p.Line(), p.Column())
			}
		}
		format, args := e.Msg()
		msg := fmt.Sprintf(format, args...)
		if strings.Contains(msg, "errors in empty disjunction") {
			continue
		}
		if alt, value, ok := conflict(msg, data, e.Path()); ok && (g.value == "" || g.value == value) {
			g.alts, g.value = append(g.alts, alt), value
			continue
		}
		g.msgs = append(g.msgs, msg)
	}
	var out []string
	for _, path := range order {
		g := groups[path]
		msg := ""
		switch {
		case len(g.msgs) > 0:
			msg = g.msgs[0]
		case len(g.alts) == 1:
			msg = fmt.Sprintf("invalid value %s (want %s)", g.value, g.alts[0])
		case len(g.alts) > 1:
			msg = fmt.Sprintf("invalid value %s (want one of %s)", g.value, strings.Join(g.alts, ", "))
		default:
			continue
		}
		out = append(out, g.pos+path+": "+msg)
	}
	if len(out) == 0 { // nothing grouped: CUE's own words
		for _, e := range cueerrors.Errors(err) {
			out = append(out, e.Error())
		}
	}
	if len(out) > 5 {
		out = append(out[:5], fmt.Sprintf("and %d more", len(out)-5))
	}
	return out
}
