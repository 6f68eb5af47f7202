// Package catalog is the data catalog as Kedro builds it from the merged
// `catalog` config: explicit entries, dataset factory patterns ranked the
// way CatalogConfigResolver ranks them, the user's catch-all pattern, and
// name resolution (explicit entry, then patterns, then catch-all, then the
// runtime default MemoryDataset). Matching follows the `parse` package
// Kedro uses, including its case-insensitivity; substitution follows
// Python's str.format_map.
//
// New reports the problems that make Kedro fail when it builds or uses
// the catalog; the lint package forwards them and adds its own checks.
package catalog

import (
	"fmt"
	"sort"
	"strings"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// The problems New reports; lint's catalog-*, factory-* and
// transcoding-separator rules give them their ids.
const (
	CodeEntryNotMapping      diag.Code = "catalog.EntryNotMapping"
	CodeMissingType          diag.Code = "catalog.MissingType"
	CodeInvalidType          diag.Code = "catalog.InvalidType"
	CodeUnknownCredentials   diag.Code = "catalog.UnknownCredentials"
	CodeTranscodingSeparator diag.Code = "catalog.TranscodingSeparator"
	CodeFactorySyntax        diag.Code = "catalog.FactorySyntax"
	CodeFactoryUnsupported   diag.Code = "catalog.FactoryUnsupported"
	CodeFactoryLiteralBrace  diag.Code = "catalog.FactoryLiteralBrace"
	CodePlaceholderMissing   diag.Code = "catalog.PlaceholderMissing"
	CodeMultipleCatchAll     diag.Code = "catalog.MultipleCatchAll"
)

// Resolution kinds.
const (
	KindExplicit = "explicit"
	KindPattern  = "pattern"
	KindCatchAll = "catch-all"
	KindDefault  = "default"
)

// DefaultType is the runtime default for names nothing else resolves.
const DefaultType = "kedro.io.MemoryDataset"

// Catalog is the resolved catalog of one run environment.
type Catalog struct {
	Entries  []*Entry   // explicit entries, in file order
	Patterns []*Pattern // factory patterns in Kedro's ranking, catch-all excluded
	CatchAll *Pattern   // the user catch-all (specificity 0), nil if none

	byName map[string]*Entry
}

// Entry is an explicit catalog entry.
type Entry struct {
	Name     string
	Pos      diag.Pos // the key
	Config   *tree.Node
	Type     string // the `type` string as written ("" if missing or not a string)
	FullType string // Type resolved as Kedro resolves it ("" if Type is unusable)
}

// Pattern is a dataset factory entry.
type Pattern struct {
	Key          string
	Pos          diag.Pos // the key
	Config       *tree.Node
	Specificity  int // characters outside braces
	Placeholders int // number of '{'
	Type         string
	FullType     string

	prog           *program // nil when kfc cannot match with it
	problems       []Problem
	prefix, suffix string // lower-cased literal ends, for mayMatch
}

// Resolution says how a dataset name resolves.
type Resolution struct {
	Kind     string // KindExplicit, KindPattern, KindCatchAll or KindDefault
	Pattern  *Pattern
	Entry    *Entry
	Config   *tree.Node        // placeholders substituted, positions kept; do not modify for explicit entries
	Captures map[string]string // the pattern's named placeholders as Python's str() of them
	Err      error             // Kedro would raise while matching or substituting (or kfc cannot tell)
}

// New builds the catalog from the merged `catalog` config (nil is an
// empty catalog) and the merged `credentials` config, whose values are
// never read: only its top-level names.
func New(merged *tree.Node, credentials *tree.Node, diags *diag.List) *Catalog {
	if diags == nil {
		diags = &diag.List{}
	}
	if merged == nil || merged.Kind != tree.Map {
		return &Catalog{byName: map[string]*Entry{}}
	}
	c := &Catalog{byName: make(map[string]*Entry, len(merged.Pairs))} // sized once: grown, it was rehashed a dozen times
	creds := credentialNames(credentials)
	var catchAlls []*Pattern
	for _, pair := range merged.Pairs {
		if strings.HasPrefix(pair.Key, "_") {
			continue // templates; the loader normally drops them already
		}
		cfg := pair.Value
		if cfg == nil || cfg.Kind != tree.Map {
			diags.Reportf(pair.KeyPos(), CodeEntryNotMapping,
				"Catalog entry '%s' is not a valid dataset configuration. Hint: If this catalog entry is intended for variable interpolation, make sure that the key is preceded by an underscore.", pair.Key)
			continue
		}
		pattern := IsPattern(pair.Key)
		typ, full := checkType(pair, pattern, diags)
		checkCredentials(cfg, creds, diags)
		if pattern {
			p := newPattern(pair, typ, full, diags)
			if p.Specificity == 0 {
				catchAlls = append(catchAlls, p)
			} else {
				c.Patterns = append(c.Patterns, p)
			}
			continue
		}
		if _, _, err := StripTranscoding(pair.Key); err != nil {
			diags.Reportf(pair.KeyPos(), CodeTranscodingSeparator, "%s", err)
		}
		e := &Entry{Name: pair.Key, Pos: pair.KeyPos(), Config: cfg, Type: typ, FullType: full}
		c.Entries = append(c.Entries, e)
		c.byName[e.Name] = e
	}
	sortPatterns(c.Patterns)
	sortPatterns(catchAlls)
	if len(catchAlls) > 0 {
		c.CatchAll = catchAlls[0]
	}
	if len(catchAlls) > 1 {
		reportCatchAlls(catchAlls, diags)
	}
	return c
}

func checkType(pair tree.Pair, pattern bool, diags *diag.List) (typ, full string) {
	t := pair.Value.Get("type")
	switch {
	case t == nil && pattern:
		diags.Reportf(pair.KeyPos(), CodeMissingType,
			"'type' is missing from dataset catalog configuration: every dataset the pattern '%s' resolves fails to load", pair.Key)
		return "", ""
	case t == nil:
		diags.Reportf(pair.KeyPos(), CodeMissingType,
			"An exception occurred when parsing config for dataset '%s': 'type' is missing from dataset catalog configuration.", pair.Key)
		return "", ""
	case t.Kind != tree.String:
		diags.Reportf(t.Pos(), CodeInvalidType, "'type' must be a dataset class path such as pandas.CSVDataset, not %s %s", article(t.Kind), t.Kind)
		return "", ""
	case t.Text == "":
		diags.Reportf(t.Pos(), CodeInvalidType, "'type' is empty: it must name a dataset class such as pandas.CSVDataset")
		return "", ""
	}
	full, ok := ResolveType(t.Text)
	if !ok {
		diags.Reportf(t.Pos(), CodeInvalidType, "'type' class path does not support relative paths or paths ending with a dot: '%s'", t.Text)
	}
	return t.Text, full
}

func article(k tree.Kind) string {
	if k == tree.Int {
		return "an"
	}
	return "a"
}

func credentialNames(credentials *tree.Node) map[string]bool {
	names := map[string]bool{}
	if credentials != nil && credentials.Kind == tree.Map {
		for _, p := range credentials.Pairs {
			if !strings.HasPrefix(p.Key, "_") {
				names[p.Key] = true
			}
		}
	}
	return names
}

// checkCredentials reports every `credentials: <name>` Kedro cannot find
// (Kedro raises KeyError when it builds the catalog, patterns included).
func checkCredentials(cfg *tree.Node, creds map[string]bool, diags *diag.List) {
	for _, ref := range CredentialRefs(cfg) {
		if creds[ref.Text] {
			continue
		}
		d := diag.Diagnostic{
			Pos: ref.Pos(), Code: CodeUnknownCredentials,
			Message: fmt.Sprintf("Unable to find credentials '%s': check your data catalog and credentials configuration", ref.Text),
		}
		if s := closest(ref.Text, creds); s != "" {
			d.Message += fmt.Sprintf(" (did you mean '%s'?)", s)
		}
		if strings.Contains(ref.Text, "{") {
			d.Notes = append(d.Notes, diag.Note{Pos: ref.Pos(),
				Message: "Kedro looks credentials up before it fills a pattern's placeholders, so the name is taken literally"})
		}
		diags.Add(d)
	}
}

func reportCatchAlls(catchAlls []*Pattern, diags *diag.List) {
	keys := make([]string, len(catchAlls))
	for i, p := range catchAlls {
		keys[i] = p.Key
	}
	byPos := append([]*Pattern(nil), catchAlls...)
	sort.SliceStable(byPos, func(i, j int) bool { return posLess(byPos[i].Pos, byPos[j].Pos) })
	d := diag.Diagnostic{
		Pos: byPos[0].Pos, Code: CodeMultipleCatchAll,
		Message: fmt.Sprintf("Multiple catch-all patterns found in the catalog: %s. Only one catch-all pattern is allowed, remove the extras.", strings.Join(keys, ", ")),
	}
	for _, p := range byPos[1:] {
		d.Notes = append(d.Notes, diag.Note{Pos: p.Pos, Message: fmt.Sprintf("catch-all pattern '%s'", p.Key)})
	}
	diags.Add(d)
}

func posLess(a, b diag.Pos) bool {
	if a.File != b.File {
		return a.File < b.File
	}
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	return a.Col < b.Col
}

// Lookup returns the explicit entry named exactly name, or nil.
func (c *Catalog) Lookup(name string) *Entry {
	if c.byName != nil {
		return c.byName[name]
	}
	for _, e := range c.Entries {
		if e.Name == name {
			return e
		}
	}
	return nil
}

// Which is the kind and pattern Resolve returns for name, without
// building the resolved config: for checks that only need to know what a
// name resolves to.
func (c *Catalog) Which(name string) (kind string, pattern *Pattern) {
	if c.Lookup(name) != nil {
		return KindExplicit, nil
	}
	for _, p := range c.Patterns {
		if p.mayMatch(name) && p.matches(name) {
			return KindPattern, p
		}
	}
	if c.CatchAll != nil && c.CatchAll.matches(name) {
		return KindCatchAll, c.CatchAll
	}
	return KindDefault, nil
}

// Resolve resolves a dataset name as Kedro does at run time: an explicit
// entry (exact name), else the first pattern in ranking order that
// matches, else the catch-all, else the runtime default MemoryDataset.
func (c *Catalog) Resolve(name string) Resolution {
	if e := c.Lookup(name); e != nil {
		return Resolution{Kind: KindExplicit, Entry: e, Config: e.Config}
	}
	for _, p := range c.Patterns {
		if !p.mayMatch(name) {
			continue
		}
		if r, ok := p.resolve(name); ok {
			return r
		}
	}
	if c.CatchAll != nil {
		if r, ok := c.CatchAll.resolve(name); ok {
			r.Kind = KindCatchAll
			return r
		}
	}
	cfg := tree.NewMap(diag.Pos{})
	cfg.Set("type", diag.Pos{}, tree.NewString(DefaultType, diag.Pos{}))
	return Resolution{Kind: KindDefault, Config: cfg}
}
