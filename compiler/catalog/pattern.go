package catalog

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kfc-dev/kfc/internal/py"
)

// This file reads a dataset factory key the way the `parse` package
// (r1chardj0n3s/parse 1.21, what `pip install kedro` brings) turns a format
// string into a regular expression: Parser._generate_expression splits the
// key with PARSE_RE into `{{`, `}}` and `{field[:spec]}` tokens; the text in
// between is matched literally, except that a chunk which happens to start
// with `{` and end with `}` is handled as a field too (a quirk kept here,
// because it decides what Kedro does with keys like `{a}{b c}`).

// Field is one `{...}` placeholder of a pattern as parse reads it.
type Field struct {
	Text  string // as written, braces included
	Name  string // before the first ':'; "" for `{}`
	Spec  string // after the first ':'
	Named bool   // parse returns it in Result.named (the name starts with a letter)
}

// Usable reports whether str.format_map can fill this field's text from
// parse's result: a plain named field (no attribute or index access).
func (f Field) Usable() bool {
	return f.Named && !strings.ContainsAny(f.Name, ".[]")
}

// tokKind tells a compiled pattern's pieces apart.
type tokKind uint8

const (
	tokText  tokKind = iota // literal text, matched ignoring case
	tokField                // a placeholder
)

type token struct {
	kind  tokKind
	text  string // tokText: the literal text (escapes `{{` `}}` already undone)
	raw   string // tokText: as written, for stray-brace checks
	field Field
}

// Problem is something wrong with a factory key, found while compiling it.
type Problem struct {
	Kind    problemKind
	Message string
}

type problemKind uint8

const (
	// Fatal: parse raises when Kedro matches a name against the pattern.
	Fatal problemKind = iota
	// Unsupported: parse accepts it, but kfc does not reproduce how it
	// matches; kfc never matches names against such a pattern.
	Unsupported
	// LiteralBrace: a brace parse reads as plain text, so the key only
	// matches that text.
	LiteralBrace
)

// tokenize splits key as parse's PARSE_RE split does.
func tokenize(key string) []token {
	var toks []token
	chunkStart := 0
	flushChunk := func(end int) {
		if end <= chunkStart {
			return
		}
		chunk := key[chunkStart:end]
		if len(chunk) >= 2 && chunk[0] == '{' && chunk[len(chunk)-1] == '}' {
			toks = append(toks, token{kind: tokField, field: newField(chunk)})
		} else {
			toks = append(toks, token{kind: tokText, text: chunk, raw: chunk})
		}
	}
	for i := 0; i < len(key); {
		switch {
		case strings.HasPrefix(key[i:], "{{"), strings.HasPrefix(key[i:], "}}"):
			flushChunk(i)
			toks = append(toks, token{kind: tokText, text: key[i : i+1], raw: key[i : i+2]})
			i += 2
			chunkStart = i
			continue
		case key[i] == '{':
			if n := fieldLen(key[i:]); n > 0 {
				flushChunk(i)
				toks = append(toks, token{kind: tokField, field: newField(key[i : i+n])})
				i += n
				chunkStart = i
				continue
			}
		}
		_, size := utf8.DecodeRuneInString(key[i:])
		i += size
	}
	flushChunk(len(key))
	return toks
}

// fieldLen is the length of the PARSE_RE field token at the start of s
// ({[\w-]*(?:\.[\w-]+|\[[^]]+])*(?::[^}]+)?}), or 0.
func fieldLen(s string) int {
	j := 1
	j += wordRun(s[j:])
	for j < len(s) {
		if s[j] == '.' {
			n := wordRun(s[j+1:])
			if n == 0 {
				break
			}
			j += 1 + n
			continue
		}
		if s[j] == '[' {
			k := strings.IndexByte(s[j+1:], ']')
			if k <= 0 {
				break
			}
			j += k + 2
			continue
		}
		break
	}
	if j < len(s) && s[j] == ':' {
		k := strings.IndexByte(s[j+1:], '}')
		if k <= 0 {
			return 0
		}
		j += k + 1
	}
	if j < len(s) && s[j] == '}' {
		return j + 1
	}
	return 0
}

// wordRun is the byte length of the leading run of [\w-] in s.
func wordRun(s string) int {
	n := 0
	for n < len(s) {
		r, size := utf8.DecodeRuneInString(s[n:])
		if !py.IsWord(r) && r != '-' {
			break
		}
		n += size
	}
	return n
}

func newField(text string) Field {
	inner := text[1 : len(text)-1]
	f := Field{Text: text, Name: inner}
	if i := strings.IndexByte(inner, ':'); i >= 0 {
		f.Name, f.Spec = inner[:i], inner[i+1:]
	}
	if r, _ := utf8.DecodeRuneInString(f.Name); f.Name != "" && unicode.IsLetter(r) {
		f.Named = true
	}
	return f
}

// Fields returns the placeholders of a factory key in order, as parse
// reads them.
func Fields(key string) []Field {
	var out []Field
	for _, t := range tokenize(key) {
		if t.kind == tokField {
			out = append(out, t.field)
		}
	}
	return out
}

// groupName is parse's Parser._to_group_name before collision handling:
// the regex group a named field becomes, which Python's re requires to be
// an identifier.
func groupName(name string) string {
	return strings.NewReplacer(".", "_", "[", "_", "]", "_", "-", "_").Replace(name)
}

func isIdentifier(s string) bool {
	for i, r := range s {
		if r == '_' || unicode.IsLetter(r) || (i > 0 && (unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r))) {
			continue
		}
		return false
	}
	return s != ""
}

// quantifierText reports a `{m,n}`-style run in literal text: parse does
// not escape braces, so Python's re reads it as a repetition.
func quantifierText(s string) (string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] != '{' {
			continue
		}
		j := i + 1
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j >= len(s) || s[j] != ',' {
			continue
		}
		j++
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j < len(s) && s[j] == '}' {
			return s[i : j+1], true
		}
	}
	return "", false
}

// compile builds the matcher for key and lists what is wrong with it.
// The matcher is nil when kfc cannot match names the way Kedro would.
func compile(key string) (*program, []Problem) {
	var problems []Problem
	prog := &program{}
	specs := map[string]string{} // named field -> its first spec (parse's _name_types)
	usable := true
	fail := func(kind problemKind, format string, args ...any) {
		problems = append(problems, Problem{Kind: kind, Message: fmt.Sprintf(format, args...)})
		if kind != LiteralBrace {
			usable = false
		}
	}
	for _, t := range tokenize(key) {
		if t.kind == tokText {
			if q, ok := quantifierText(t.raw); ok {
				fail(Unsupported, "%q is read by parse as a regular-expression repetition, not as text; kfc does not match names against this pattern", q)
			} else if strings.ContainsAny(strings.NewReplacer("{{", "", "}}", "").Replace(t.raw), "{}") {
				fail(LiteralBrace, "the brace in %q is not a placeholder: parse matches it as literal text", t.raw)
			}
			prog.elems = append(prog.elems, elem{lit: []rune(t.text)})
			continue
		}
		f := t.field
		if f.Named && strings.Contains(f.Name, "[") {
			// parse nests `{a[k]}` as named["a"]["k"] (and raises when `{a}`
			// is there too); kfc keeps captures flat.
			fail(Unsupported, "%s: kfc does not support index placeholders; kfc does not match names against this pattern", f.Text)
			continue
		}
		if f.Named {
			if prev, seen := specs[f.Name]; seen {
				if prev != f.Spec {
					fail(Fatal, "placeholder %q is repeated with a different format (%q, then %q): parse raises RepeatedNameError", f.Name, prev, f.Spec)
					continue
				}
				prog.elems = append(prog.elems, elem{backref: f.Name})
				prog.backrefs = true
				continue
			}
			specs[f.Name] = f.Spec
			if g := groupName(f.Name); !isIdentifier(g) {
				fail(Fatal, "%s is not a name parse can use: Python's re rejects the group name %q (parse raises NotImplementedError)", f.Text, g)
				continue
			}
		}
		fp, err := compileField(f)
		if err != nil {
			fail(err.kind, "%s: %s", f.Text, err.msg)
			continue
		}
		prog.elems = append(prog.elems, elem{field: fp})
	}
	if !usable {
		return nil, problems
	}
	prog.single = singleField(prog)
	prog.glob, prog.globClass = plainGlob(prog)
	prog.split = newPlainSplit(prog)
	return prog, problems
}
