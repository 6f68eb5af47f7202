package mlproject

import (
	"fmt"
	"strings"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/internal/py"
	"github.com/kfc-dev/kfc/internal/suggest"
)

// checkPlaceholders reports every replacement field of ep's command that
// fails, or does something surprising, when MLflow runs
// `command.format(**quoted_params)`: names that are not declared (KeyError),
// positional fields (IndexError), malformed braces (ValueError), and the
// str.format features that act on the shell-quoted text (indexing, !r, !a,
// attributes).
func checkPlaceholders(ep *EntryPoint, diags *diag.List) {
	for start := 0; start <= len(ep.Command); {
		steps, scanErr := py.ScanFormat(ep.Command[start:], start)
		for _, m := range steps {
			if m.Field != nil {
				checkField(ep, m.Field, 2, diags)
			}
		}
		if scanErr == nil {
			return
		}
		diags.Reportf(ep.commandPos(scanErr.Offset), CodePlaceholder, "the command of entry point %s is not a valid str.format template: %s%s",
			ep.Name, scanErr.Msg, braceHint(scanErr.Msg))
		if scanErr.Msg != "Single '}' encountered in format string" {
			return
		}
		// Python stops here; kfc reads on past the stray brace to report the rest too.
		start = scanErr.Offset + 1
	}
}

func braceHint(msg string) string {
	switch msg {
	case "Single '}' encountered in format string", "Single '{' encountered in format string",
		"expected '}' before end of string", "unexpected '{' in field name":
		return " (write {{ and }} for literal braces)"
	}
	return ""
}

func checkField(ep *EntryPoint, f *py.Field, depth int, diags *diag.List) {
	pos := ep.commandPos(f.Offset)
	report := func(format string, args ...any) {
		diags.Reportf(pos, CodePlaceholder, format, args...)
	}
	text := ep.Command[f.Offset:f.End]
	first, rest := py.SplitFieldName(f.Name)
	switch {
	case first == "":
		report("the command of entry point %s has an empty placeholder {}: MLflow passes only named parameters, so str.format fails with IndexError (write {{}} for literal braces)", ep.Name)
		return
	case py.IsPositional(first):
		report("placeholder %s is positional: MLflow passes only named parameters, so str.format fails with IndexError", text)
		return
	case ep.Param(first) == nil:
		if ep.Param(f.Name) != nil {
			report("placeholder %s cannot reach parameter %s: str.format cuts the name at '.' or '[' and looks up %s (KeyError); rename the parameter", text, f.Name, py.Repr(first))
			return
		}
		report("placeholder {%s} names no parameter of entry point %s; MLflow fails with KeyError %s%s", first, ep.Name, py.Repr(first), didYouMean(first, ep))
		return
	}
	if rest != "" {
		if _, err := py.ApplyAccessors("", rest, f.Offset); err != nil && err.Kind == "ValueError" {
			report("placeholder %s is malformed: %s", text, err.Msg)
			return
		}
		if rest[0] == '[' {
			report("placeholder %s indexes into the shell-quoted value of %s, picking single characters of it; use {%s}", text, first, first)
		} else {
			report("placeholder %s reads a Python attribute of the shell-quoted value of %s; use {%s}", text, first, first)
		}
		return
	}
	if f.HasConv {
		switch f.Conversion {
		case 's':
		case 'r', 'a':
			report("placeholder %s adds Python quotes around the already shell-quoted value of %s; use {%s}", text, first, first)
			return
		default:
			report("placeholder %s has an unknown conversion: str.format accepts !s, !r and !a", text)
			return
		}
	}
	if f.ExpandSpec {
		if depth <= 1 {
			report("placeholder %s nests fields too deeply in its format spec (str.format: Max string recursion exceeded)", text)
			return
		}
		steps, err := py.ScanFormat(f.Spec, f.SpecOffset)
		for _, m := range steps {
			if m.Field != nil {
				checkField(ep, m.Field, depth-1, diags)
			}
		}
		if err != nil {
			diags.Reportf(ep.commandPos(err.Offset), CodePlaceholder, "the format spec of placeholder %s is malformed: %s", text, err.Msg)
		}
		return
	}
	if _, msg := py.FormatStr("", f.Spec); msg != "" {
		report("placeholder %s has a format spec that str.format rejects for strings: %s", text, msg)
	}
}

func didYouMean(name string, ep *EntryPoint) string {
	names := make([]string, len(ep.Params))
	for i, p := range ep.Params {
		names[i] = p.Name
	}
	if strings.ContainsAny(name, " \t$'\"(){};=") {
		return " (write {{ and }} for literal braces)"
	}
	if s := suggest.Closest(name, names); s != "" {
		return fmt.Sprintf(" (did you mean {%s}?)", s)
	}
	if len(names) == 0 {
		return " (the entry point declares no parameters)"
	}
	return ""
}
