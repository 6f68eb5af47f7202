package catalog

import (
	"errors"
	"fmt"
	"math/big"
	"sort"
	"strings"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
	"github.com/kfc-dev/kfc/internal/py"
	"github.com/kfc-dev/kfc/internal/suggest"
)

// UnsupportedError marks what Kedro can do but kfc does not evaluate.
type UnsupportedError struct{ Msg string }

func (e *UnsupportedError) Error() string { return e.Msg }

func newPattern(pair tree.Pair, typ, full string, diags *diag.List) *Pattern {
	p := &Pattern{
		Key: pair.Key, Pos: pair.KeyPos(), Config: pair.Value,
		Specificity: Specificity(pair.Key), Placeholders: PlaceholderCount(pair.Key),
		Type: typ, FullType: full,
	}
	p.prog, p.problems = compile(pair.Key)
	p.prefix, p.suffix = literalEnds(pair.Key)
	for _, pr := range p.problems {
		switch pr.Kind {
		case Fatal:
			diags.Reportf(p.Pos, CodeFactorySyntax, "dataset pattern '%s': %s", p.Key, pr.Message)
		case Unsupported:
			diags.Reportf(p.Pos, CodeFactoryUnsupported, "dataset pattern '%s': %s", p.Key, pr.Message)
		case LiteralBrace:
			diags.Reportf(p.Pos, CodeFactoryLiteralBrace, "dataset pattern '%s': %s", p.Key, pr.Message)
		}
	}
	if p.checkPlaceholders(diags) && p.prog != nil {
		p.checkValues(diags)
	}
	return p
}

// checkPlaceholders is Kedro's _validate_pattern_config: every `{...}`
// (by the regex `\{.*?\}`) in a string of the config must appear in the
// key. It reports false when Kedro would refuse the catalog.
func (p *Pattern) checkPlaceholders(diags *diag.List) bool {
	inKey := map[string]bool{}
	for _, ph := range kedroPlaceholders(p.Key) {
		inKey[ph] = true
	}
	missing := map[string]bool{}
	var notes []diag.Note
	walkStrings(p.Config, func(s *tree.Node) {
		if !strings.Contains(s.Text, "}") {
			return
		}
		for _, ph := range kedroPlaceholders(plainText(s.Text)) {
			if !inKey[ph] {
				if !missing[ph] {
					notes = append(notes, diag.Note{Pos: s.Pos(), Message: fmt.Sprintf("%s is used here", ph)})
				}
				missing[ph] = true
			}
		}
	})
	if len(missing) == 0 {
		return true
	}
	diags.Add(diag.Diagnostic{
		Pos: p.Pos, Code: CodePlaceholderMissing, Notes: notes,
		Message: fmt.Sprintf("Incorrect dataset configuration provided. Keys used in the configuration %s should present in the dataset pattern name %s.", pySet(missing), p.Key),
	})
	return false
}

// pySet is Python's repr of a set of str, sorted (Python's order depends
// on the hash seed).
func pySet(set map[string]bool) string {
	items := make([]string, 0, len(set))
	for s := range set {
		items = append(items, s)
	}
	sort.Strings(items)
	for i, s := range items {
		items[i] = py.Repr(s)
	}
	return "{" + strings.Join(items, ", ") + "}"
}

// checkValues substitutes sample captures into every string of the config
// to find the strings str.format_map cannot fill whatever the name is.
func (p *Pattern) checkValues(diags *diag.List) {
	sample := map[string]value{}
	fields := map[string]Field{}
	for _, el := range p.prog.elems {
		if el.field == nil {
			continue
		}
		f := el.field.field
		fields[f.Text] = f
		if !f.Named {
			continue
		}
		if el.field.toInt {
			sample[f.Name] = value{isInt: true, n: big.NewInt(1)}
		} else {
			sample[f.Name] = value{text: "x"}
		}
	}
	walkStrings(p.Config, func(s *tree.Node) {
		if !strings.Contains(s.Text, "}") {
			return
		}
		_, err := formatOutside(s.Text, sample)
		if err == nil {
			return
		}
		var unsup *UnsupportedError
		if errors.As(err, &unsup) {
			diags.Reportf(s.Pos(), CodeFactoryUnsupported, "kfc cannot fill '%s' from the pattern '%s': %s", s.Text, p.Key, unsup.Msg)
			return
		}
		msg := fmt.Sprintf("Kedro cannot fill '%s' from the pattern '%s': str.format_map raises %s", s.Text, p.Key, err)
		for _, ph := range kedroPlaceholders(plainText(s.Text)) {
			if f, ok := fields[ph]; ok && !f.Named {
				msg += fmt.Sprintf(" (parse returns %s only by position: a placeholder name must start with a letter)", ph)
				break
			}
			if f, ok := fields[ph]; ok && strings.Contains(f.Name, ".") {
				msg += fmt.Sprintf(" (format_map reads %s as attribute access)", ph)
				break
			}
		}
		diags.Reportf(s.Pos(), CodeFactorySyntax, "%s", msg)
	})
}

// Problems lists what is wrong with the pattern's key.
func (p *Pattern) Problems() []Problem { return p.problems }

// Fields lists the pattern's placeholders as parse reads them.
func (p *Pattern) Fields() []Field { return Fields(p.Key) }

// Usable reports whether kfc can match names against the pattern.
func (p *Pattern) Usable() bool { return p.prog != nil }

// Match matches name against the pattern (see the package-level Match).
func (p *Pattern) Match(name string) (map[string]string, bool) {
	if p.prog == nil {
		return nil, false
	}
	vals, ok, err := p.prog.captures(name)
	if !ok || err != nil {
		return nil, false
	}
	return strs(vals), true
}

func strs(vals map[string]value) map[string]string {
	out := make(map[string]string, len(vals))
	for k, v := range vals {
		out[k] = v.String()
	}
	return out
}

// matches reports whether resolve(name) stops at p (ok true): the name
// matches, or matching raises, or p is unusable.
func (p *Pattern) matches(name string) bool {
	if p.prog == nil {
		return true
	}
	if ok, done := p.prog.matchPlain(name); done {
		return ok
	}
	_, _, ok, err := p.prog.match(name)
	return ok || err != nil
}

// resolve is one step of Kedro's resolution: ok is false when the name
// does not match, so the next pattern is tried.
func (p *Pattern) resolve(name string) (Resolution, bool) {
	r := Resolution{Kind: KindPattern, Pattern: p}
	if p.prog == nil {
		r.Err = p.unusable()
		return r, true
	}
	vals, ok, err := p.prog.captures(name)
	if !ok {
		return r, false
	}
	if err != nil {
		r.Err = fmt.Errorf("parse raises while reading '%s' with the pattern '%s': %v", name, p.Key, err)
		return r, true
	}
	r.Captures = strs(vals)
	r.Config = fill(p.Config, vals, &r.Err)
	return r, true
}

// fill is cfg with the placeholders of every string filled from vals, in
// walkStrings' order, err set to the first string that cannot be filled
// (left as written). What holds nothing to fill is shared with cfg, not
// copied: a Resolution's Config is only read, as an explicit entry's
// (shared with the catalog) always was.
func fill(n *tree.Node, vals map[string]value, err *error) *tree.Node {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case tree.String:
		if !strings.Contains(n.Text, "}") {
			return n
		}
		out, ferr := formatOutside(n.Text, vals)
		if ferr != nil {
			if *err == nil {
				*err = fmt.Errorf("%s: cannot fill '%s': %v", n.Pos(), n.Text, ferr)
			}
			return n
		}
		c := *n
		c.Text = out
		return &c
	case tree.Map:
		pairs, changed := copyOnChange(n.Pairs, func(pr tree.Pair) tree.Pair {
			pr.Value = fill(pr.Value, vals, err)
			return pr
		})
		if changed {
			c := *n
			c.Pairs = pairs
			return &c
		}
	case tree.Seq:
		items, changed := copyOnChange(n.Items, func(it *tree.Node) *tree.Node { return fill(it, vals, err) })
		if changed {
			c := *n
			c.Items = items
			return &c
		}
	}
	return n
}

func (p *Pattern) unusable() error {
	for _, pr := range p.problems {
		if pr.Kind == Fatal {
			return fmt.Errorf("Kedro fails on the dataset pattern '%s': %s", p.Key, pr.Message)
		}
	}
	for _, pr := range p.problems {
		if pr.Kind == Unsupported {
			return &UnsupportedError{Msg: fmt.Sprintf("kfc cannot evaluate the dataset pattern '%s': %s", p.Key, pr.Message)}
		}
	}
	return fmt.Errorf("kfc cannot evaluate the dataset pattern '%s'", p.Key)
}

// closest returns the name in names nearest to s (case-insensitive equal,
// or at most two edits away), or "".
func closest(s string, names map[string]bool) string {
	keys := make([]string, 0, len(names))
	for n := range names {
		keys = append(keys, n)
	}
	return suggest.Within(s, keys, 2)
}

// copyOnChange applies f to every element of list, in order; when f
// changed one, it returns a new slice and true, else list and false.
func copyOnChange[T comparable](list []T, f func(T) T) ([]T, bool) {
	var out []T
	for i, x := range list {
		y := f(x)
		if y != x && out == nil {
			out = append(make([]T, 0, len(list)), list[:i]...)
		}
		if out != nil {
			out = append(out, y)
		}
	}
	if out == nil {
		return list, false
	}
	return out, true
}
