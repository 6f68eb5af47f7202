package py

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// YAMLItem is one key of a flat YAML mapping. Value is a string, an int64,
// nil (null), or EmptyList / EmptyMap.
type YAMLItem struct {
	Key   string
	Value any
}

// EmptyList and EmptyMap are written as "[]" and "{}".
type (
	EmptyList struct{}
	EmptyMap  struct{}
)

// YAMLMapping writes a flat block mapping of scalars as MLflow's write_yaml
// does (yaml.dump with CSafeDumper, default_flow_style=False,
// allow_unicode=True, width 80): the caller sorts the keys; strings that
// YAML 1.1 would read as another type are quoted, and long strings fold.
func YAMLMapping(items []YAMLItem) string {
	var e emitter
	for _, it := range items {
		e.plainKey(it.Key)
		switch v := it.Value.(type) {
		case nil:
			e.raw(" null")
		case int64:
			e.raw(" " + strconv.FormatInt(v, 10))
		case int:
			e.raw(" " + strconv.Itoa(v))
		case EmptyList:
			e.raw(" []")
		case EmptyMap:
			e.raw(" {}")
		case string:
			e.scalar(v)
		}
		e.b.WriteByte('\n')
		e.column = 0
	}
	return e.b.String()
}

// YAML 1.1 implicit types of PyYAML's Resolver: a plain scalar matching one
// of them would not read back as a string, so it must be quoted.
var implicitRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?:` + strings.Join([]string{
		// bool
		`yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF`,
		// float
		`[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?`,
		`\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?`,
		`[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*`,
		`[-+]?\.(?:inf|Inf|INF)`,
		`\.(?:nan|NaN|NAN)`,
		// int
		`[-+]?0b[0-1_]+`, `[-+]?0[0-7_]+`, `[-+]?(?:0|[1-9][0-9_]*)`, `[-+]?0x[0-9a-fA-F_]+`,
		`[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+`,
		// merge, null, value, yaml
		`<<`, `~|null|Null|NULL|`, `=`, `!|&|\*`,
		// timestamp
		`[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]`,
		`[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?`,
	}, "|") + `)$`)
})

const bestWidth = 80

type emitter struct {
	b      strings.Builder
	column int // in characters, as the emitter counts
}

func (e *emitter) raw(s string) {
	e.b.WriteString(s)
	e.column += utf8.RuneCountInString(s)
}

// plainKey writes "key:"; MLflow's keys are plain identifiers.
func (e *emitter) plainKey(k string) { e.raw(k + ":") }

func isBreak(r rune) bool { return r == '\n' || r == '\r' || r == 0x85 || r == 0x2028 || r == 0x2029 }

func isSpaceOrEnd(rs []rune, i int) bool {
	if i >= len(rs) {
		return true
	}
	r := rs[i]
	return r == 0 || r == ' ' || r == '\t' || isBreak(r)
}

// printable is libyaml's IS_PRINTABLE, which CSafeDumper's emitter uses:
// unlike PyYAML's pure-Python emitter it excludes NEL (U+0085) and every
// character beyond U+FFFF, so those force double quotes and escapes.
func printable(r rune) bool {
	return r == 0x0A || (r >= 0x20 && r <= 0x7E) || (r >= 0xA0 && r <= 0xD7FF) ||
		(r >= 0xE000 && r <= 0xFFFD && r != 0xFEFF)
}

type analysis struct {
	multiline, blockPlain, singleQuoted bool
}

// analyze is the emitter's scalar analysis (which styles can hold s).
func analyze(s string) analysis {
	rs := []rune(s)
	var blockInd, lineBreaks, special bool
	var leadingSpace, leadingBreak, trailingSpace, trailingBreak, breakSpace, spaceBreak bool
	if strings.HasPrefix(s, "---") || strings.HasPrefix(s, "...") {
		blockInd = true
	}
	precededBySpace := true
	prevSpace, prevBreak := false, false
	for i, r := range rs {
		followedBySpace := isSpaceOrEnd(rs, i+1)
		if i == 0 {
			switch {
			case strings.ContainsRune("#,[]{}&*!|>'\"%@`", r):
				blockInd = true
			case (r == '?' || r == ':') && followedBySpace:
				blockInd = true
			case r == '-' && followedBySpace:
				blockInd = true
			}
		} else {
			if r == ':' && followedBySpace {
				blockInd = true
			}
			if r == '#' && precededBySpace {
				blockInd = true
			}
		}
		if !printable(r) {
			special = true
		}
		if isBreak(r) {
			lineBreaks = true
		}
		switch {
		case r == ' ':
			if i == 0 {
				leadingSpace = true
			}
			if i == len(rs)-1 {
				trailingSpace = true
			}
			if prevBreak {
				breakSpace = true
			}
			prevSpace, prevBreak = true, false
		case isBreak(r):
			if i == 0 {
				leadingBreak = true
			}
			if i == len(rs)-1 {
				trailingBreak = true
			}
			if prevSpace {
				spaceBreak = true
			}
			prevSpace, prevBreak = false, true
		default:
			prevSpace, prevBreak = false, false
		}
		precededBySpace = r == 0 || r == ' ' || r == '\t' || isBreak(r)
	}
	a := analysis{multiline: lineBreaks, blockPlain: true, singleQuoted: true}
	if leadingSpace || leadingBreak || trailingSpace || trailingBreak {
		a.blockPlain = false
	}
	if breakSpace {
		a.blockPlain, a.singleQuoted = false, false
	}
	if spaceBreak || special {
		a.blockPlain, a.singleQuoted = false, false
	}
	if lineBreaks || blockInd {
		a.blockPlain = false
	}
	return a
}

// scalar writes a mapping value: plain when it reads back as the same
// string, else single-quoted, else double-quoted.
func (e *emitter) scalar(s string) {
	if s == "" {
		e.raw(" ''")
		return
	}
	a := analyze(s)
	switch {
	case a.blockPlain && !implicitRE().MatchString(s):
		e.raw(" ")
		e.plain([]rune(s))
	case a.singleQuoted:
		e.raw(" ")
		e.singleQuoted([]rune(s))
	default:
		e.raw(" ")
		e.doubleQuoted([]rune(s))
	}
}

// indent starts a continuation line of a mapping value (indent 2).
func (e *emitter) indent() {
	e.b.WriteString("\n  ")
	e.column = 2
}

func (e *emitter) put(r rune) {
	e.b.WriteRune(r)
	e.column++
}

// fold reports whether the space at rs[i] becomes a line break: libyaml
// breaks at a single space once the line is past the width, never at the
// first or last character.
func (e *emitter) fold(rs []rune, i int, prevSpace bool) bool {
	return !prevSpace && e.column > bestWidth && i != 0 && i != len(rs)-1
}

func (e *emitter) plain(rs []rune) {
	spaces := false
	for i, r := range rs {
		if r == ' ' {
			if !spaces && e.column > bestWidth && !(i+1 < len(rs) && rs[i+1] == ' ') {
				e.indent()
			} else {
				e.put(r)
			}
			spaces = true
			continue
		}
		e.put(r)
		spaces = false
	}
}

func (e *emitter) singleQuoted(rs []rune) {
	e.raw("'")
	spaces, breaks := false, false
	for i, r := range rs {
		switch {
		case r == ' ':
			if e.fold(rs, i, spaces) && !(i+1 < len(rs) && rs[i+1] == ' ') {
				e.indent()
			} else {
				e.put(r)
			}
			spaces = true
		case isBreak(r):
			if !breaks && r == '\n' {
				e.b.WriteByte('\n')
			}
			e.b.WriteRune(r)
			e.column = 0
			breaks = true
		default:
			if breaks {
				e.b.WriteString("  ")
				e.column = 2
			}
			if r == '\'' {
				e.put('\'')
			}
			e.put(r)
			spaces, breaks = false, false
		}
	}
	if breaks {
		e.b.WriteString("  ")
		e.column = 2
	}
	e.raw("'")
}

var escapes = map[rune]string{
	0: "0", 0x07: "a", 0x08: "b", 0x09: "t", 0x0A: "n", 0x0B: "v", 0x0C: "f", 0x0D: "r",
	0x1B: "e", '"': "\"", '\\': "\\", 0x85: "N", 0xA0: "_", 0x2028: "L", 0x2029: "P",
}

func (e *emitter) doubleQuoted(rs []rune) {
	e.raw(`"`)
	spaces := false
	for i, r := range rs {
		switch {
		case !printable(r) || r == 0xFEFF || isBreak(r) || r == '"' || r == '\\':
			var esc string
			if x, ok := escapes[r]; ok {
				esc = `\` + x
			} else if r <= 0xFF {
				esc = `\x` + hex(r, 2)
			} else if r <= 0xFFFF {
				esc = `\u` + hex(r, 4)
			} else {
				esc = `\U` + hex(r, 8)
			}
			e.raw(esc)
			spaces = false
		case r == ' ':
			if e.fold(rs, i, spaces) {
				e.indent()
				if i+1 < len(rs) && rs[i+1] == ' ' {
					e.put('\\')
				}
			} else {
				e.put(r)
			}
			spaces = true
		default:
			e.put(r)
			spaces = false
		}
	}
	e.raw(`"`)
}

func hex(r rune, n int) string {
	s := strings.ToUpper(strconv.FormatInt(int64(r), 16))
	return strings.Repeat("0", n-len(s)) + s
}
