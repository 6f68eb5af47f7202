// Package diag holds the one diagnostic type every kfc stage reports with.
//
// Modelled on esbuild's logger: a finding has a primary position, a
// severity, a stable kebab-case rule id and notes that point at secondary
// places (the other half of a duplicate, the schema line behind a type error).
//
// The compiler packages report problems: a Code, a position, a message and
// notes, never a rule id or a severity. lint owns the rules: it gives each
// problem the rule id and the severity of the one rule its Code belongs to.
package diag

import (
	"fmt"
	"sort"
)

// Severity orders findings; Error fails `kfc vet`, Warning fails it with --strict.
type Severity int

const (
	Info Severity = iota
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	default:
		return "info"
	}
}

// ParseSeverity is the inverse of String; ok is false for unknown words.
func ParseSeverity(s string) (Severity, bool) {
	switch s {
	case "error":
		return Error, true
	case "warning", "warn":
		return Warning, true
	case "info":
		return Info, true
	}
	return Info, false
}

// Scope is what a rule's findings are about, which decides whether an
// error stops `kfc build` of a selection that does not use that part of the
// project (docs/plan.md, "Errors in what the run does not use").
type Scope uint8

const (
	// ScopeProject: the loader, the pipelines, the MLproject, the settings,
	// or a check Kedro makes when it builds the whole catalog. An error
	// always stops a build. The zero value: a rule is this unless it says
	// otherwise.
	ScopeProject Scope = iota
	// ScopeDataset: one catalog entry or factory pattern, which Kedro only
	// meets when it builds that dataset (its class, its arguments).
	ScopeDataset
	// ScopePattern: as ScopeDataset for a factory pattern; for an explicit
	// entry Kedro checks it when it builds the catalog (a missing type), so
	// there it stops every build.
	ScopePattern
	// ScopeParameter: one parameter value, which only the nodes that take
	// it meet (type constraints, what MLflow logs of a node's parameters).
	ScopeParameter
)

// Pos is a 1-based place in a file. File is project-relative with forward
// slashes until the CLI rewrites it relative to the working directory.
// Line 0 means "the file as a whole".
type Pos struct {
	File string
	Line int
	Col  int
}

func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// IsZero reports whether p names no place at all.
func (p Pos) IsZero() bool { return p.File == "" && p.Line == 0 }

// Note points at a secondary place that explains the finding.
type Note struct {
	Pos     Pos
	Message string
}

// Code names a kind of problem, as "package.Name" of the package that
// finds it (tree.Syntax, catalog.MissingType). It is not a rule id: lint
// maps every code to exactly one rule.
type Code string

// Diagnostic is one finding: a problem a compiler package reported (Code
// set, Rule and Severity not yet), or, once lint has classified it or a
// lint rule reported it, a finding with a rule id and a severity.
type Diagnostic struct {
	Pos      Pos
	Code     Code     // the kind of problem, set by the package that found it
	Severity Severity // set by lint: its rule's severity
	Rule     string   // set by lint
	Message  string
	Notes    []Note
}

// String is "pos: severity: message [rule]", or "pos: message [code]" for
// a problem lint has not classified yet.
func (d Diagnostic) String() string {
	if d.Rule == "" && d.Code != "" {
		return fmt.Sprintf("%s: %s [%s]", d.Pos, d.Message, d.Code)
	}
	return fmt.Sprintf("%s: %s: %s [%s]", d.Pos, d.Severity, d.Message, d.Rule)
}

// List collects findings. The zero value is ready to use.
type List struct {
	items []Diagnostic
}

// Add appends d.
func (l *List) Add(d Diagnostic) { l.items = append(l.items, d) }

// Reportf appends a problem of kind code built from a format.
func (l *List) Reportf(pos Pos, code Code, format string, args ...any) {
	l.items = append(l.items, Diagnostic{Pos: pos, Code: code, Message: fmt.Sprintf(format, args...)})
}

// Update calls f on every finding collected so far, in place (lint
// classifies problems with it).
func (l *List) Update(f func(*Diagnostic)) {
	for i := range l.items {
		f(&l.items[i])
	}
}

// Filter keeps the findings for which keep is true, in order.
func (l *List) Filter(keep func(*Diagnostic) bool) {
	out := l.items[:0]
	for i := range l.items {
		if keep(&l.items[i]) {
			out = append(out, l.items[i])
		}
	}
	clear(l.items[len(out):])
	l.items = out
}

// Merge appends every finding of o.
func (l *List) Merge(o *List) {
	if o != nil {
		l.items = append(l.items, o.items...)
	}
}

// Len is the number of findings collected so far.
func (l *List) Len() int { return len(l.items) }

// Items returns Sorted(findings).
func (l *List) Items() []Diagnostic { return Sorted(l.items) }

// Sorted returns the findings sorted by file, line, column, rule and message,
// with exact duplicates removed, so output is deterministic whatever order
// the checks ran in.
func Sorted(items []Diagnostic) []Diagnostic {
	out := make([]Diagnostic, len(items))
	copy(out, items)
	sort.SliceStable(out, func(i, j int) bool { return Less(out[i], out[j]) })
	w := 0
	for i, d := range out {
		if i > 0 && same(out[w-1], d) {
			continue
		}
		out[w] = d
		w++
	}
	return out[:w]
}

// Less is the canonical order of findings.
func Less(a, b Diagnostic) bool {
	if a.Pos.File != b.Pos.File {
		return a.Pos.File < b.Pos.File
	}
	if a.Pos.Line != b.Pos.Line {
		return a.Pos.Line < b.Pos.Line
	}
	if a.Pos.Col != b.Pos.Col {
		return a.Pos.Col < b.Pos.Col
	}
	if a.Rule != b.Rule {
		return a.Rule < b.Rule
	}
	if a.Code != b.Code {
		return a.Code < b.Code
	}
	return a.Message < b.Message
}

func same(a, b Diagnostic) bool {
	return a.Pos == b.Pos && a.Rule == b.Rule && a.Code == b.Code && a.Message == b.Message && a.Severity == b.Severity
}
