package pipeline

import (
	"fmt"
	"strings"

	"github.com/kfc-dev/kfc/internal/py"
)

// Placeholder kinds in a `run` argument: {in.NAME}, {out.NAME}, {params.NAME}.
const (
	KindIn     = "in"
	KindOut    = "out"
	KindParams = "params"
)

// segment is literal text, or a placeholder when kind is set.
type segment struct {
	text string // literal text, or the placeholder's NAME
	kind string // "", KindIn, KindOut or KindParams
}

// parseTemplate splits one run argument into literal text and
// placeholders. `{{` and `}}` are literal braces, as in Python's
// str.format and MLflow's commands; any other brace must open or close a
// placeholder.
func parseTemplate(s string) ([]segment, error) {
	if s != "" && !strings.ContainsAny(s, "{}") {
		return []segment{{text: s}}, nil // most arguments: literal text
	}
	var out []segment
	// A literal is a slice of s unless it holds an escaped brace; lit
	// collects it only then. start is where the part of the literal not
	// yet in lit begins.
	var lit strings.Builder
	start := 0
	flush := func(end int) {
		switch {
		case lit.Len() > 0:
			lit.WriteString(s[start:end])
			out = append(out, segment{text: lit.String()})
			lit.Reset()
		case end > start:
			out = append(out, segment{text: s[start:end]})
		}
	}
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case (c == '{' && strings.HasPrefix(s[i:], "{{")) || (c == '}' && strings.HasPrefix(s[i:], "}}")):
			lit.WriteString(s[start:i])
			lit.WriteByte(c)
			i += 2
			start = i
		case c == '}':
			return nil, fmt.Errorf("single '}' in %q: write '}}' for a literal brace", s)
		case c == '{':
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				return nil, fmt.Errorf("unclosed '{' in %q: write '{{' for a literal brace", s)
			}
			body := s[i+1 : i+end]
			kind, name, ok := strings.Cut(body, ".")
			if !ok || name == "" || (kind != KindIn && kind != KindOut && kind != KindParams) {
				return nil, fmt.Errorf("unknown placeholder {%s} in %q: placeholders are {in.NAME}, {out.NAME} and {params.NAME}; write '{{' and '}}' for literal braces", body, s)
			}
			flush(i)
			out = append(out, segment{text: name, kind: kind})
			i += end + 1
			start = i
		default:
			i++
		}
	}
	flush(len(s))
	return out, nil
}

// Placeholders lists the placeholders of the node's run command in order,
// as "kind.NAME".
func (n *Node) Placeholders() []string {
	var out []string
	for _, arg := range n.run {
		for _, seg := range arg {
			if seg.kind != "" {
				out = append(out, seg.kind+"."+seg.text)
			}
		}
	}
	return out
}

// binding finds the binding a placeholder names.
func (n *Node) binding(kind, key string) *Binding {
	var list []Binding
	switch kind {
	case KindIn:
		list = n.Inputs
	case KindOut:
		list = n.Outputs
	case KindParams:
		list = n.Params
	}
	for i := range list {
		if list[i].Key == key {
			return &list[i]
		}
	}
	return nil
}

// Render substitutes the node's placeholders. value returns the text for
// one binding (a dataset's path, a parameter's value) and kind is one of
// KindIn, KindOut, KindParams. With Shell the values are shell-quoted, since
// the command goes to `sh -c` as one string. Literal `{{`/`}}` become braces.
func (n *Node) Render(value func(kind string, b Binding) (string, error)) ([]string, error) {
	out := make([]string, 0, len(n.run))
	for _, arg := range n.run {
		if len(arg) == 1 { // one piece (most arguments): its text is the argument
			v, err := n.segmentText(arg[0], value)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
			continue
		}
		var sb strings.Builder
		for _, seg := range arg {
			v, err := n.segmentText(seg, value)
			if err != nil {
				return nil, err
			}
			sb.WriteString(v)
		}
		out = append(out, sb.String())
	}
	return out, nil
}

// segmentText is one piece of an argument as Render writes it.
func (n *Node) segmentText(seg segment, value func(kind string, b Binding) (string, error)) (string, error) {
	if seg.kind == "" {
		return seg.text, nil
	}
	b := n.binding(seg.kind, seg.text)
	if b == nil {
		return "", fmt.Errorf("node %s: placeholder {%s.%s} names no binding", n.Name, seg.kind, seg.text)
	}
	v, err := value(seg.kind, *b)
	if err != nil {
		return "", err
	}
	if n.Shell {
		v = py.ShellQuote(v)
	}
	return v, nil
}
