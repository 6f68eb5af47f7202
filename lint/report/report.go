// Package report prints findings: plain text (with a source snippet and a
// caret on a terminal) and JSON. Paths are printed as given; the caller
// makes them relative to the working directory first.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/internal/esc"
)

// Source returns the content of a file as printed in findings, or nil.
type Source func(file string) []byte

// TextOptions control the text format.
type TextOptions struct {
	Color    bool // ANSI colours (only on a terminal, never with NO_COLOR)
	Snippets bool // the source line and a caret under the column
}

const (
	bold   = "\x1b[1m"
	red    = "\x1b[31m"
	yellow = "\x1b[33m"
	cyan   = "\x1b[36m"
	dim    = "\x1b[2m"
	reset  = "\x1b[0m"
)

// Text writes one `path:line:col: severity: message [rule-id]` line per
// finding, each note indented below it.
func Text(w io.Writer, ds []diag.Diagnostic, src Source, opt TextOptions) {
	paint := func(code, s string) string {
		if !opt.Color {
			return s
		}
		return code + s + reset
	}
	for _, d := range ds {
		sevColor := cyan
		switch d.Severity {
		case diag.Error:
			sevColor = red
		case diag.Warning:
			sevColor = yellow
		}
		fmt.Fprintf(w, "%s: %s: %s %s\n", paint(bold, esc.Text(d.Pos.String())), paint(sevColor, d.Severity.String()), esc.Text(d.Message), paint(dim, "["+d.Rule+"]"))
		if opt.Snippets {
			writeSnippet(w, src, d.Pos, paint)
		}
		for _, n := range d.Notes {
			fmt.Fprintf(w, "    %s: note: %s\n", esc.Text(n.Pos.String()), esc.Text(n.Message))
		}
	}
}

func writeSnippet(w io.Writer, src Source, pos diag.Pos, paint func(string, string) string) {
	if src == nil || pos.Line == 0 {
		return
	}
	line, ok := lineOf(src(pos.File), pos.Line)
	if !ok {
		return
	}
	line = strings.ReplaceAll(line, "\t", " ")
	col := pos.Col
	if col < 1 {
		col = 1
	}
	// Columns count characters, so the caret lines up under the same rune
	// (of the escaped line: an escape takes several columns).
	before := line
	if i := runeOffset(line, col-1); i < len(line) {
		before = line[:i]
	}
	pad := utf8.RuneCountInString(esc.Text(before))
	fmt.Fprintf(w, "  %s\n  %s%s\n", esc.Text(line), strings.Repeat(" ", pad), paint(bold+red, "^"))
}

// runeOffset is the byte offset of the n-th character of s (len(s) past its end).
func runeOffset(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}

func lineOf(b []byte, n int) (string, bool) {
	if b == nil {
		return "", false
	}
	for i := 1; i < n; i++ {
		j := strings.IndexByte(string(b), '\n')
		if j < 0 {
			return "", false
		}
		b = b[j+1:]
	}
	if j := strings.IndexByte(string(b), '\n'); j >= 0 {
		b = b[:j]
	}
	return strings.TrimRight(string(b), "\r"), true
}

type jsonPos struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

type jsonNote struct {
	jsonPos
	Message string `json:"message"`
}

type jsonFinding struct {
	jsonPos
	Severity string     `json:"severity"`
	Rule     string     `json:"rule"`
	Message  string     `json:"message"`
	Notes    []jsonNote `json:"notes,omitempty"`
}

// JSON writes the findings as one JSON array (`[]` when there are none).
func JSON(w io.Writer, ds []diag.Diagnostic) error {
	out := make([]jsonFinding, 0, len(ds))
	for _, d := range ds {
		f := jsonFinding{jsonPos: jsonPos{d.Pos.File, d.Pos.Line, d.Pos.Col}, Severity: d.Severity.String(), Rule: d.Rule, Message: d.Message}
		for _, n := range d.Notes {
			f.Notes = append(f.Notes, jsonNote{jsonPos{n.Pos.File, n.Pos.Line, n.Pos.Col}, n.Message})
		}
		out = append(out, f)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
