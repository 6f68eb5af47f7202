package schema

import (
	"fmt"
	"strings"

	"cuelang.org/go/cue"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// The problems of the catalog argument checks; lint's dataset-* rules
// give them their ids.
const (
	CodeUnknownArgument diag.Code = "schema.UnknownArgument"
	CodeMissingArgument diag.Code = "schema.MissingArgument"
	CodeArgumentType    diag.Code = "schema.ArgumentType"
	CodeNotVersionable  diag.Code = "schema.NotVersionable"
	CodeReservedVersion diag.Code = "schema.ReservedVersion"
	CodeUnknownType     diag.Code = "schema.UnknownType"
	// CodeUncheckedType: a type outside the namespaces kfc knows (a
	// project's own class), whose arguments cannot be checked.
	CodeUncheckedType diag.Code = "schema.UncheckedType"
)

// DatasetType is one dataset class as the CUE schema declares it.
type DatasetType struct {
	Name        string   // fully qualified, e.g. kedro_datasets.pandas.CSVDataset
	Required    []string // constructor arguments without a default, declared order
	Optional    []string // the other constructor arguments, declared order
	Versionable bool     // `versioned: true` is allowed
	Doc         string   // where the definition comes from
}

// maxNesting bounds dataset-in-dataset recursion (a wrapper of a wrapper...).
const maxNesting = 8

// DatasetType returns the declared shape of a fully qualified type.
func (s *Schemas) DatasetType(fullType string) (DatasetType, bool) {
	s.mu.Lock()
	dt, ok := s.types[fullType]
	s.mu.Unlock()
	if ok {
		return *dt, dt != nil
	}
	v := s.datasets.LookupPath(cue.MakePath(cue.Str(fullType)))
	if !v.Exists() {
		return DatasetType{}, false
	}
	st := s.typeStruct(fullType)
	row := &DatasetType{Name: fullType}
	for _, name := range st.order {
		fi := st.fields[name]
		switch {
		case name == "versioned":
			row.Versionable = s.subsumes(fi.value, "true")
		case fi.catalog:
		case fi.required:
			row.Required = append(row.Required, name)
		default:
			row.Optional = append(row.Optional, name)
		}
	}
	if a := v.Attribute("kfc"); a.Err() == nil {
		row.Doc, _, _ = a.Lookup(0, "doc")
	}
	s.mu.Lock()
	s.types[fullType] = row
	s.mu.Unlock()
	return *row, true
}

// typeStruct is the struct schema of a known type, cached.
func (s *Schemas) typeStruct(fullType string) *structInfo {
	s.mu.Lock()
	st, ok := s.typeStructs[fullType] // by type: "d:"+fullType was a string a catalog entry
	s.mu.Unlock()
	if ok {
		return st
	}
	st = s.structOf(s.datasets.LookupPath(cue.MakePath(cue.Str(fullType))), "d:"+fullType)
	s.mu.Lock()
	s.typeStructs[fullType] = st
	s.mu.Unlock()
	return st
}

// KnownTypes lists every fully qualified dataset type the schemas declare, sorted.
func (s *Schemas) KnownTypes() []string { return append([]string(nil), s.names...) }

func (s *Schemas) known(fullType string) bool { return s.nameSet[fullType] }

// CheckDataset checks one catalog entry (a mapping) of a known, fully
// qualified type: unknown and missing arguments, argument values, versioning,
// and, recursively, the dataset configurations nested in it. It does
// nothing for a type it does not know (DatasetType's ok is false): the
// caller reports that.
func (s *Schemas) CheckDataset(fullType string, entry *tree.Node, diags *diag.List) {
	if entry == nil || entry.Kind != tree.Map || !s.known(fullType) {
		return
	}
	s.checkEntry(fullType, entry, nil, 0, diags)
}

// checkEntry checks entry as fullType; injected names arguments the outer
// dataset fills in itself (a partition's file path), so they are neither
// required nor expected.
func (s *Schemas) checkEntry(fullType string, entry *tree.Node, injected []string, depth int, diags *diag.List) {
	dt, _ := s.DatasetType(fullType)
	st := s.typeStruct(fullType)
	shown := displayType(fullType, entry)
	w := &walker{s: s}
	keys := make([]string, len(entry.Pairs)) // each argument's path, one allocation an entry

	for i := range entry.Pairs {
		pair := &entry.Pairs[i]
		fi, ok := st.fields[pair.Key]
		switch {
		case !ok:
			args := append(append([]string{}, dt.Required...), dt.Optional...)
			if dt.Versionable {
				args = append(args, "versioned")
			}
			if pair.Key == "versioned" {
				// Kedro pops `versioned` itself; only true reaches the constructor.
				if pair.Value.Kind == tree.Bool && pair.Value.Bool {
					s.notVersionable(shown, pair, diags)
				}
				continue
			}
			msg := fmt.Sprintf("%s does not take argument %q", shown, pair.Key)
			if hint := didYouMean(pair.Key, args); hint != "" {
				msg += hint
			} else if len(args) > 0 {
				msg += "; it takes " + strings.Join(args, ", ")
			}
			if pair.Key == "layer" {
				msg += "; since Kedro 0.19 the layer goes under metadata: kedro-viz: layer:"
			}
			diags.Reportf(pair.KeyPos(), CodeUnknownArgument, "%s", msg)
		case fi.reserved:
			diags.Reportf(pair.KeyPos(), CodeReservedVersion,
				"%q is reserved: Kedro removes it from the dataset configuration with a warning; use versioned: true and --load-versions instead", pair.Key)
		case pair.Key == "versioned" && pair.Value.Kind == tree.Bool && pair.Value.Bool && !dt.Versionable:
			s.notVersionable(shown, pair, diags)
		case fi.nested:
			s.checkNested(fullType, entry, fi, pair, depth, diags)
		default:
			keys[i] = pair.Key
			w.node(fi.value, fi.sid, pair.Value, keys[i:i+1:i+1])
		}
	}
	for _, req := range st.required {
		if entry.Get(req) == nil && !contains(injected, req) {
			diags.Reportf(typePos(entry), CodeMissingArgument, "%s requires argument %q", shown, req)
		}
	}
	for _, f := range w.out {
		s.reportArgument(shown, f, diags)
	}
}

// reportArgument turns a finding inside one argument's value into a diagnostic.
func (s *Schemas) reportArgument(shown string, f finding, diags *diag.List) {
	where := strings.Join(f.path, ".")
	switch f.kind {
	case unknownKey:
		diags.Reportf(f.pos, CodeUnknownArgument, "%s: %s does not take key %q%s", shown, where, f.key, didYouMean(f.key, f.known))
	case missingKey:
		diags.Reportf(f.pos, CodeMissingArgument, "%s: %s requires key %q", shown, where, f.key)
	case reservedKey:
		diags.Reportf(f.pos, CodeReservedVersion, "%s: %q is reserved in %s", shown, f.key, where)
	default:
		diags.Reportf(f.pos, CodeArgumentType, "%s argument %s: %s", shown, where, f.msg)
	}
}

func (s *Schemas) notVersionable(shown string, pair *tree.Pair, diags *diag.List) {
	diags.Reportf(pair.Value.Pos(), CodeNotVersionable,
		"%s cannot be versioned: its constructor takes no version argument, so versioned: true fails when the catalog is built", shown)
}

// checkNested checks the dataset configuration held by argument fi of the
// entry of type outer.
func (s *Schemas) checkNested(outer string, entry *tree.Node, fi *fieldInfo, pair *tree.Pair, depth int, diags *diag.List) {
	n := pair.Value
	if unchecked(n) {
		return
	}
	if depth >= maxNesting {
		return
	}
	var injected []string
	if arg, ok, _ := fi.attr.Lookup(0, "pathArg"); ok {
		name, _, _ := fi.attr.Lookup(0, "pathDefault")
		if v := entry.Get(arg); v != nil && v.Kind == tree.String {
			name = v.Text
		}
		injected = []string{name}
	}
	shownOuter := displayType(outer, entry)
	switch n.Kind {
	case tree.String:
		if !kindAllowed(fi.value.IncompleteKind(), tree.String) {
			diags.Reportf(n.Pos(), CodeArgumentType, "%s argument %s: expected a mapping with type, got %s", shownOuter, pair.Key, describeNode(n))
			return
		}
		s.checkNestedType(n.Text, n.Pos(), nil, injected, depth, diags)
	case tree.Map:
		typ := n.Get("type")
		if typ == nil {
			diags.Reportf(n.Pos(), CodeMissingArgument, "%s argument %s: the wrapped dataset needs a type", shownOuter, pair.Key)
			return
		}
		if typ.Kind != tree.String {
			diags.Reportf(typ.Pos(), CodeArgumentType, "%s argument %s: type must be a string, got %s", shownOuter, pair.Key, describeNode(typ))
			return
		}
		if onParent, _ := fi.attr.Flag(0, "versionedOnParent"); onParent {
			if p := n.Pair("versioned"); p != nil {
				diags.Reportf(p.KeyPos(), CodeNotVersionable, "set versioned on the %s, not on the dataset it wraps", shownOuter)
			}
		}
		s.checkNestedType(typ.Text, typ.Pos(), n, injected, depth, diags)
	default:
		diags.Reportf(n.Pos(), CodeArgumentType, "%s argument %s: expected a dataset type or a mapping with type, got %s", shownOuter, pair.Key, describeNode(n))
	}
}

func (s *Schemas) checkNestedType(typ string, pos diag.Pos, n *tree.Node, injected []string, depth int, diags *diag.List) {
	if unchecked(&tree.Node{Kind: tree.String, Text: typ}) {
		return
	}
	full, ok := s.resolveType(typ)
	if !ok {
		s.CheckTypeName(typ, pos, diags)
		return
	}
	if n == nil {
		n = &tree.Node{Kind: tree.Map, At: diag.Pack(pos), Pairs: []tree.Pair{{Key: "type", KeyAt: diag.Pack(pos), Value: tree.NewString(typ, pos)}}}
	} else {
		n = withoutKeys(n, "versioned")
	}
	s.checkEntry(full, n, injected, depth+1, diags)
}

// withoutKeys is n minus the given keys when it has them (the keys were
// already judged by the caller).
func withoutKeys(n *tree.Node, keys ...string) *tree.Node {
	has := false
	for _, k := range keys {
		if n.Get(k) != nil {
			has = true
		}
	}
	if !has {
		return n
	}
	c := *n
	c.Pairs = nil
	for _, p := range n.Pairs {
		if !contains(keys, p.Key) {
			c.Pairs = append(c.Pairs, p)
		}
	}
	return &c
}

// resolveType maps a catalog type string to a known full type.
func (s *Schemas) resolveType(typ string) (string, bool) {
	if s.resolve != nil {
		if full, ok := s.resolve(typ); ok && s.known(full) {
			return full, true
		}
		return "", false
	}
	return s.prefixResolve(typ)
}

// prefixResolve is Kedro's _DEFAULT_PACKAGES rule over the known types
// only; compiler/catalog owns the real resolution.
func (s *Schemas) prefixResolve(typ string) (string, bool) {
	for _, prefix := range []string{"kedro.io.", "kedro_datasets.", ""} {
		if s.known(prefix + typ) {
			return prefix + typ, true
		}
	}
	return "", false
}

// displayType is the type as the user wrote it, when the entry says.
func displayType(fullType string, entry *tree.Node) string {
	if t := entry.Get("type"); t != nil && t.Kind == tree.String {
		return t.Text
	}
	return fullType
}

// typePos is where findings about the entry as a whole go: its type value.
func typePos(entry *tree.Node) diag.Pos {
	if t := entry.Get("type"); t != nil {
		return t.Pos()
	}
	return entry.Pos()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
