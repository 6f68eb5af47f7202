package schema

import (
	"strconv"
	"strings"

	"cuelang.org/go/cue"
	"github.com/kfc-dev/kfc/compiler/diag"
)

// Namespaces whose every dataset class kfc knows: a type in them that the
// schemas do not declare does not exist.
var knownNamespaces = []string{"kedro_datasets.", "kedro.io.", "kedro_mlflow.io."}

// CheckTypeName reports a dataset type string that resolves to no known
// type. In kedro-datasets, kedro.io and kedro-mlflow namespaces that is an
// error (the class does not exist), with the renamed class or the closest
// name as a hint. Any other import path is the project's own class, which
// kfc cannot see: an info finding says its arguments are not checked and
// how to declare them.
func (s *Schemas) CheckTypeName(typ string, pos diag.Pos, diags *diag.List) {
	if typ == "" || strings.HasPrefix(typ, ".") || strings.HasSuffix(typ, ".") {
		diags.Reportf(pos, CodeUnknownType, "dataset type %q: 'type' class path does not support relative paths or paths ending with a dot", typ)
		return
	}
	if _, ok := s.prefixResolve(typ); ok {
		return
	}
	if renamed, ok := s.renamed(typ); ok {
		diags.Reportf(pos, CodeUnknownType, "dataset type %q no longer exists: it was renamed %s", typ, s.short(renamed))
		return
	}
	if strings.HasSuffix(typ, "Set") {
		respelled := strings.TrimSuffix(typ, "Set") + "set"
		if full, ok := s.prefixResolve(respelled); ok {
			diags.Reportf(pos, CodeUnknownType, "dataset type %q no longer exists: since kedro-datasets 2.0 'Dataset' is spelled with a lowercase 's' (%s)", typ, s.short(full))
			return
		}
	}
	if s.inKnownNamespace(typ) {
		msg := "unknown dataset type " + strconv.Quote(typ)
		if hint := didYouMean(typ, s.shortNames()); hint != "" {
			msg += hint
		}
		diags.Reportf(pos, CodeUnknownType, "%s", msg)
		return
	}
	diags.Reportf(pos, CodeUncheckedType,
		"dataset type %q is not known to kfc, so its arguments are not checked; declare it under [tool.kfc.dataset_types] in pyproject.toml", typ)
}

// inKnownNamespace reports whether typ, resolved the Kedro way, could only
// name a class of a namespace kfc knows completely.
func (s *Schemas) inKnownNamespace(typ string) bool {
	if !strings.Contains(typ, ".") {
		return true // kedro.io.X, kedro_datasets.X or nothing at all
	}
	for _, ns := range knownNamespaces {
		if strings.HasPrefix(typ, ns) {
			return true
		}
	}
	group := typ[:strings.Index(typ, ".")]
	for _, name := range s.names {
		if strings.HasPrefix(name, "kedro_datasets."+group+".") {
			return true // pandas.X, spark.X: kedro-datasets groups
		}
	}
	return false
}

// renamed looks typ up in #RenamedTypes under each Kedro prefix.
func (s *Schemas) renamed(typ string) (string, bool) {
	table := s.value.LookupPath(cue.MakePath(cue.Def("#RenamedTypes")))
	for _, prefix := range []string{"kedro.io.", "kedro_datasets.", ""} {
		v := table.LookupPath(cue.MakePath(cue.Str(prefix + typ)))
		if to, err := v.String(); err == nil {
			return to, true
		}
	}
	return "", false
}

// short is a full type as catalogs usually spell it.
func (s *Schemas) short(full string) string {
	for _, prefix := range []string{"kedro_datasets.", "kedro.io."} {
		if strings.HasPrefix(full, prefix) {
			return strings.TrimPrefix(full, prefix)
		}
	}
	return full
}

func (s *Schemas) shortNames() []string {
	out := make([]string, 0, 2*len(s.names))
	for _, n := range s.names {
		out = append(out, s.short(n))
		if sh := s.short(n); sh != n {
			out = append(out, n)
		}
	}
	return out
}
